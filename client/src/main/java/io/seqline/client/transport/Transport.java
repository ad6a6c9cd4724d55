package io.seqline.client.transport;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Opens WebSocket connections to a gateway. Swappable so tests can put a fake network underneath. */
public interface Transport {

    /**
     * Opens one connection. The future fails when the upgrade fails (refused, unreachable, 401).
     * {@code listener} is called from the transport's threads.
     */
    CompletableFuture<TransportConnection> open(URI uri, FrameCodec codec, TransportListener listener);
}
