package io.seqline.gateway.config;

import io.seqline.gateway.ws.ClientServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Opens the client port last (once Redis routes and gRPC are up) and closes it first. */
public class ClientServerLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClientServerLifecycle.class);

    private final ClientServer server;
    private final java.time.Duration drainDeadline;
    private volatile boolean running;

    ClientServerLifecycle(ClientServer server, java.time.Duration drainDeadline) {
        this.server = server;
        this.drainDeadline = drainDeadline;
    }

    /** Closes every client socket at once, without telling the clients (a crash, for drills). */
    public void abort() {
        server.close();
    }

    @Override
    public void start() {
        try {
            server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the client port", e);
        }
        running = true;
        log.info("gateway client port {} (WebSocket /ws)", server.port());
    }

    @Override
    public void stop() {
        // a rolling update: clients are told to reconnect elsewhere and given time to do it
        server.drain(drainDeadline);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    public int port() {
        return server.port();
    }
}
