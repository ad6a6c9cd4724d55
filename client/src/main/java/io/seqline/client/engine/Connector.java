package io.seqline.client.engine;

import io.seqline.client.ClientOptions;
import io.seqline.client.connection.Heartbeat;
import io.seqline.client.connection.ReconnectBackoff;
import io.seqline.client.time.ExecutorScheduler;
import io.seqline.client.time.Scheduler;
import io.seqline.client.transport.TransportConnection;
import io.seqline.client.transport.TransportListener;
import io.seqline.client.transport.UpgradeUri;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ServerFrame;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one socket open: connects (always with the same device and stream id), notices the loss of the
 * socket, and connects again after a {@link ReconnectBackoff} delay, which starts over once a socket
 * delivered a frame. Pings a quiet socket and replaces a silent one ({@link Heartbeat}). Transport
 * callbacks are posted to the event loop; those of a socket that is no longer current are told apart
 * by a generation number.
 */
final class Connector {

    private static final Logger log = LoggerFactory.getLogger(Connector.class);

    /** What the rest of the client hears from the connector, on the event loop. */
    interface Session {
        void opened(int generation);

        void frame(ServerFrame frame);

        void lost(String reason);

        /** Called twice a second while the client runs. */
        void tick();
    }

    private final ClientOptions options;
    private final Executor loop;
    private final Scheduler scheduler;
    private final Wire wire;
    private final Heartbeat heartbeat;
    private final Session session;
    private final ReconnectBackoff backoff;
    private volatile boolean connected;
    private int generation;
    private int closedBeforeOpen;
    private boolean proven;
    private boolean closed;

    Connector(ClientOptions options, Executor loop, Scheduler scheduler, Wire wire, Heartbeat heartbeat, Session session) {
        this.options = options;
        this.loop = loop;
        this.scheduler = scheduler;
        this.wire = wire;
        this.heartbeat = heartbeat;
        this.session = session;
        this.backoff = new ReconnectBackoff(options.reconnectInitial(), options.reconnectMax(), options.random());
    }

    void start() {
        connect();
        tickEvery(Duration.ofMillis(500));
    }

    /** Safe from any thread. */
    boolean connected() {
        return connected;
    }

    /** Drops the socket as a network failure would; a new one follows. */
    void drop() {
        if (wire.connection() != null) {
            wire.connection().close();
        }
    }

    void close() {
        closed = true;
        drop();
    }

    private void connect() {
        if (closed) {
            return;
        }
        int current = ++generation;
        proven = false;
        TransportListener listener = new TransportListener() {
            @Override
            public void onFrame(ServerFrame frame) {
                post(() -> frameFrom(current, frame));
            }

            @Override
            public void onClosed(String reason) {
                post(() -> closedFrom(current, reason));
            }
        };
        options.transport().open(UpgradeUri.of(options.endpoint(), options.token(), options.deviceId(),
                        options.streamId(), options.codec()), options.codec(), listener)
                .whenComplete((opened, error) -> post(() -> opened(current, opened, error)));
    }

    private void opened(int current, TransportConnection opened, Throwable error) {
        if (current != generation || closed || closedBeforeOpen == current) {
            if (opened != null) {
                opened.close();
            }
            if (current == generation && !closed) {
                reconnectLater("closed while opening");
            }
            return;
        }
        if (error != null) {
            reconnectLater("connect failed: " + error);
            return;
        }
        wire.connection(opened);
        connected = true;
        heartbeat.connected();
        session.opened(current);
    }

    private void frameFrom(int current, ServerFrame frame) {
        if (current == generation) {
            heartbeat.received();
            if (!proven) {
                proven = true;
                backoff.reset();
            }
        }
        session.frame(frame); // a late frame of an older socket is still true
    }

    private void closedFrom(int current, String reason) {
        if (current != generation) {
            return;
        }
        if (wire.connection() == null) {
            closedBeforeOpen = current;
            return;
        }
        wire.connection(null);
        connected = false;
        session.lost(reason);
        reconnectLater(reason);
    }

    private void reconnectLater(String reason) {
        if (closed) {
            return;
        }
        Duration delay = backoff.next();
        log.debug("{}: reconnecting in {} ms ({})", options.deviceId(), delay.toMillis(), reason);
        scheduler.schedule(delay, this::connect);
    }

    private void tickEvery(Duration period) {
        scheduler.schedule(period, () -> {
            if (closed) {
                return;
            }
            session.tick();
            checkHeartbeat();
            tickEvery(period);
        });
    }

    private void checkHeartbeat() {
        if (wire.connection() == null) {
            return;
        }
        switch (heartbeat.check()) {
            case PING -> wire.send(ClientFrame.newBuilder().setPing(ClientFrame.Ping.getDefaultInstance()));
            case DEAD -> {
                log.debug("{}: nothing received for {}, replacing the socket", options.deviceId(), options.deadAfter());
                wire.connection().close();
            }
            case NONE -> { }
        }
    }

    private void post(Runnable task) {
        try {
            loop.execute(() -> ExecutorScheduler.runLogged(task));
        } catch (RejectedExecutionException e) {
            // the client is closed
        }
    }
}
