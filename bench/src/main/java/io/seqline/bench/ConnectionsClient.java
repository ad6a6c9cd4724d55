package io.seqline.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle-connection opener, run as a child process ({@code connections-client}) so the gateway's process
 * keeps its whole file-descriptor budget for server sockets. A raw WebSocket upgrade per socket, each bound
 * to one of several 127.0.0.x source addresses (each has its own ephemeral port range). Prints
 * {@code READY <opened> <failed> <millis>}, holds the sockets until stdin closes, pinging every 30 s.
 */
final class ConnectionsClient {

    private ConnectionsClient() {
    }

    static void main(BenchOptions o) throws Exception {
        URI ws = URI.create(o.string("ws", "ws://127.0.0.1:8080/ws"));
        String http = o.string("http", "http://127.0.0.1:8080");
        int count = o.integer("count", 1000);
        int perUser = o.integer("per-user", 10);
        int sources = o.integer("sources", 8);
        int threads = o.integer("threads", 16);
        Target tokens = Target.external(http);
        List<String> users = new ArrayList<>();
        for (int u = 0; u < (count + perUser - 1) / perUser; u++) {
            users.add("conn" + u + "-" + o.string("run", "x"));
        }
        tokens.prefetchTokens(users);
        SocketChannel[] sockets = new SocketChannel[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        String firstError[] = new String[1];
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    try {
                        SocketChannel socket = SocketChannel.open();
                        socket.bind(new InetSocketAddress("127.0.0." + (2 + i % sources), 0));
                        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()));
                        String token = tokens.token(users.get(i / perUser));
                        String request = "GET " + ws.getPath() + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                                + "&device=c" + i + "&codec=proto HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                + "Sec-WebSocket-Version: 13\r\n\r\n";
                        socket.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
                        buffer.clear();
                        String head = "";
                        while (!head.contains("\r\n\r\n")) {
                            if (socket.read(buffer) < 0) {
                                break;
                            }
                            head = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
                        }
                        if (head.startsWith("HTTP/1.1 101")) {
                            sockets[i] = socket;
                            int n = opened.incrementAndGet();
                            if (n % 5000 == 0) {
                                System.out.println("OPENED " + n + " " + (System.nanoTime() - t0) / 1_000_000);
                            }
                        } else {
                            failed.incrementAndGet();
                            synchronized (firstError) {
                                if (firstError[0] == null) {
                                    firstError[0] = head.lines().findFirst().orElse("closed");
                                }
                            }
                            socket.close();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        synchronized (firstError) {
                            if (firstError[0] == null) {
                                firstError[0] = e.toString();
                            }
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (firstError[0] != null) {
            System.out.println("ERROR " + firstError[0].replace('\n', ' '));
        }
        System.out.println("READY " + opened.get() + " " + failed.get() + " " + millis);
        System.out.flush();
        Thread pinger = new Thread(() -> {
            // a masked, empty WebSocket ping: keeps the sockets from the gateway's idle timeout
            byte[] ping = {(byte) 0x89, (byte) 0x80, 1, 2, 3, 4};
            while (true) {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    return;
                }
                for (SocketChannel s : sockets) {
                    if (s != null) {
                        try {
                            s.write(ByteBuffer.wrap(ping));
                        } catch (Exception ignored) {
                            // a closed socket: the parent counts what the gateway holds
                        }
                    }
                }
            }
        });
        pinger.setDaemon(true);
        pinger.start();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        while (stdin.readLine() != null) {
            // hold until the parent closes stdin
        }
        for (SocketChannel s : sockets) {
            if (s != null) {
                s.close();
            }
        }
    }
}
