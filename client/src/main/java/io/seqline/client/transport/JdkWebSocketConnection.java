package io.seqline.client.transport;

import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDK WebSocket. The JDK allows one outstanding send at a time, so writes are chained; partial
 * messages are joined before decoding.
 */
final class JdkWebSocketConnection implements TransportConnection {

    private static final Logger log = LoggerFactory.getLogger(JdkWebSocketConnection.class);

    private final FrameCodec codec;
    private final TransportListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile WebSocket socket;
    private CompletableFuture<WebSocket> writes;

    JdkWebSocketConnection(FrameCodec codec, TransportListener listener) {
        this.codec = codec;
        this.listener = listener;
    }

    void attach(WebSocket socket) {
        this.socket = socket;
        synchronized (this) {
            writes = CompletableFuture.completedFuture(socket);
        }
    }

    WebSocket.Listener inbound() {
        return new Inbound();
    }

    @Override
    public synchronized void send(ClientFrame frame) {
        if (closed.get()) {
            return;
        }
        byte[] payload = codec.encode(frame);
        writes = writes.thenCompose(ws -> codec.textFrames()
                ? ws.sendText(new String(payload, StandardCharsets.UTF_8), true)
                : ws.sendBinary(ByteBuffer.wrap(payload), true));
        writes.exceptionally(error -> {
            closeWith("write failed: " + error);
            return null;
        });
    }

    @Override
    public void close() {
        closeWith("closed by the client");
    }

    private void closeWith(String reason) {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        closed(reason);
    }

    private void closed(String reason) {
        if (closed.compareAndSet(false, true)) {
            listener.onClosed(reason);
        }
    }

    private void received(WebSocket ws, byte[] chunk, boolean last) {
        partial.writeBytes(chunk);
        if (last) {
            byte[] whole = partial.toByteArray();
            partial.reset();
            ServerFrame frame;
            try {
                frame = codec.decode(whole);
            } catch (IllegalArgumentException e) {
                log.warn("ignoring a server frame that does not decode: {}", e.getMessage());
                frame = null;
            }
            if (frame != null && !closed.get()) {
                listener.onFrame(frame);
            }
        }
        ws.request(1);
    }

    private final class Inbound implements WebSocket.Listener {

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            received(ws, data.toString().getBytes(StandardCharsets.UTF_8), last);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            received(ws, chunk, last);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed("closed by the server: " + statusCode + (reason.isEmpty() ? "" : " " + reason));
            ws.abort();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed("socket error: " + error);
        }
    }
}
