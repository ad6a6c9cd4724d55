package io.seqline.bench;

import io.seqline.client.transport.FrameCodec;
import io.seqline.client.transport.JdkWebSocketTransport;
import io.seqline.client.transport.TransportConnection;
import io.seqline.client.transport.TransportListener;
import io.seqline.client.transport.UpgradeUri;
import io.seqline.proto.v1.ServerFrame;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * A receive-only member for the fan-out: a real WebSocket (the SDK's transport and codec) without the
 * SDK's per-client thread, so ten thousand of them fit on two cores. It does not repair gaps: a push that
 * does not arrive counts as lost, which is stricter than the SDK (that would fill it from history).
 */
final class LightReceiver implements TransportListener {

    private final String conversationId;
    private final Deliveries.Slot slot;
    private final LongConsumer onBenchMessage;
    final CompletableFuture<Void> welcome = new CompletableFuture<>();
    private TransportConnection connection;

    LightReceiver(String conversationId, Deliveries.Slot slot, LongConsumer onBenchMessage) {
        this.conversationId = conversationId;
        this.slot = slot;
        this.onBenchMessage = onBenchMessage;
    }

    CompletableFuture<Void> open(JdkWebSocketTransport transport, URI endpoint, String token, String device) {
        URI uri = UpgradeUri.of(endpoint, token, device, "s" + device.hashCode() + "x" + System.nanoTime(), FrameCodec.proto());
        return transport.open(uri, FrameCodec.proto(), this).thenAccept(c -> connection = c);
    }

    @Override
    public void onFrame(ServerFrame frame) {
        if (frame.hasWelcome()) {
            welcome.complete(null);
        } else if (frame.hasMessage() && frame.getMessage().getConversationId().equals(conversationId)) {
            long now = System.nanoTime();
            String text = frame.getMessage().getContent().getText();
            slot.onMessage(frame.getMessage().getSeq(), text, now);
            long[] p = Payload.parse(text);
            if (p != null) {
                onBenchMessage.accept(p[1]);
            }
        }
    }

    @Override
    public void onClosed(String reason) {
        welcome.completeExceptionally(new IllegalStateException("closed: " + reason));
    }

    void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
