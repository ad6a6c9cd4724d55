package io.seqline.client.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Transport} on the JDK's {@code java.net.http.WebSocket}: no dependency beyond the JDK. One
 * {@link HttpClient} (and its selector thread) may serve many connections.
 */
public final class JdkWebSocketTransport implements Transport {

    private static final HttpClient SHARED = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final HttpClient http;
    private final Duration connectTimeout;

    public JdkWebSocketTransport(HttpClient http, Duration connectTimeout) {
        this.http = http;
        this.connectTimeout = connectTimeout;
    }

    /** On a JVM-wide shared {@link HttpClient}, 10 s connect timeout. */
    public static JdkWebSocketTransport shared() {
        return new JdkWebSocketTransport(SHARED, Duration.ofSeconds(10));
    }

    @Override
    public CompletableFuture<TransportConnection> open(URI uri, FrameCodec codec, TransportListener listener) {
        JdkWebSocketConnection connection = new JdkWebSocketConnection(codec, listener);
        return http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .buildAsync(uri, connection.inbound())
                .thenApply(socket -> {
                    connection.attach(socket);
                    return connection;
                });
    }
}
