package io.seqline.testsupport.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP link on loopback that can be frozen: while paused, bytes in either direction are held (not dropped)
 * and the connections stay open, as for a process stopped by SIGSTOP or a long GC pause; {@link #resume()}
 * lets everything held go through in order. {@link #retarget} points it at another server and drops the
 * connections it has, as a failover behind a fixed address does. Used to freeze or move services' view of Redis.
 */
public final class PausableProxy implements AutoCloseable {

    private final ServerSocket server;
    private volatile InetSocketAddress upstream;
    private final List<Socket> sockets = new ArrayList<>();
    private final Object gate = new Object();
    private boolean paused;
    private volatile boolean closed;

    private PausableProxy(ServerSocket server, InetSocketAddress upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    public static PausableProxy start(InetSocketAddress upstream) {
        try {
            PausableProxy proxy = new PausableProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstream);
            Thread accept = new Thread(proxy::acceptLoop, "pausable-proxy-accept");
            accept.setDaemon(true);
            accept.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Holds every byte from now on until {@link #resume()}. */
    public void pause() {
        synchronized (gate) {
            paused = true;
        }
    }

    /** New connections go to {@code next}; the open ones are closed (their clients reconnect to it). */
    public void retarget(InetSocketAddress next) {
        upstream = next;
        synchronized (sockets) {
            sockets.forEach(PausableProxy::closeQuietly);
            sockets.clear();
        }
    }

    public void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                InetSocketAddress target = upstream;
                Socket up = new Socket(target.getAddress(), target.getPort());
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(up);
                }
                pump(client, up);
                pump(up, client);
            } catch (IOException e) {
                if (!closed) {
                    continue; // this connection failed; the next one may not
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    awaitRunning();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // either side closed: the other one goes with it
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "pausable-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitRunning() throws InterruptedException {
        synchronized (gate) {
            while (paused && !closed) {
                gate.wait();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        closeQuietly(server);
        synchronized (sockets) {
            sockets.forEach(PausableProxy::closeQuietly);
            sockets.clear();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
