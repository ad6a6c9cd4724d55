package io.seqline.gateway.ws;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.seqline.proto.v1.ServerFrame;
import java.nio.charset.StandardCharsets;

/**
 * A server frame encoded at most once per codec, however many sockets it goes to (a group message to
 * thousands of members is serialized twice at most).
 */
public final class OutboundFrame {

    private final ServerFrame frame;
    private volatile byte[] proto;
    private volatile byte[] json;

    public OutboundFrame(ServerFrame frame) {
        this.frame = frame;
    }

    public ServerFrame frame() {
        return frame;
    }

    WebSocketFrame toWebSocket(FrameCodec codec) {
        if (codec == FrameCodec.PROTO) {
            byte[] bytes = proto;
            if (bytes == null) {
                proto = bytes = frame.toByteArray();
            }
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
        }
        byte[] bytes = json;
        if (bytes == null) {
            json = bytes = FrameCodec.toJson(frame).getBytes(StandardCharsets.UTF_8);
        }
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes));
    }
}
