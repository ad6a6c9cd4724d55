package io.seqline.bench;

import io.seqline.client.transport.FrameCodec;
import io.seqline.client.transport.Transport;
import io.seqline.client.transport.TransportConnection;
import io.seqline.client.transport.TransportListener;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ServerFrame;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket with an injected one-way delay on every frame in both directions (round trip = 2 ×
 * delay). One scheduler thread with equal delays keeps each direction in order.
 */
final class DelayTransport implements Transport, AutoCloseable {

    private final Transport delegate;
    private final long delayNanos;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-delay");
        t.setDaemon(true);
        return t;
    });

    DelayTransport(Transport delegate, Duration oneWay) {
        this.delegate = delegate;
        this.delayNanos = oneWay.toNanos();
    }

    @Override
    public CompletableFuture<TransportConnection> open(URI uri, FrameCodec codec, TransportListener listener) {
        TransportListener delayed = new TransportListener() {
            @Override
            public void onFrame(ServerFrame frame) {
                later(() -> listener.onFrame(frame));
            }

            @Override
            public void onClosed(String reason) {
                later(() -> listener.onClosed(reason));
            }
        };
        return delegate.open(uri, codec, delayed).thenApply(connection -> new TransportConnection() {
            @Override
            public void send(ClientFrame frame) {
                later(() -> connection.send(frame));
            }

            @Override
            public void close() {
                connection.close();
            }
        });
    }

    private void later(Runnable task) {
        scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
