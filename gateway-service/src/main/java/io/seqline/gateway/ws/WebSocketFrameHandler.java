package io.seqline.gateway.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.seqline.proto.v1.ClientFrame;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decodes data frames of an upgraded socket and hands them to the {@link ConnectionListener}. */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);

    private final ConnectionListener listener;
    private final int maxFrameBytes;
    private final int maxQueuedFrames;
    private final io.netty.channel.group.ChannelGroup sockets;
    private Connection connection;

    WebSocketFrameHandler(ConnectionListener listener, int maxFrameBytes, int maxQueuedFrames,
                          io.netty.channel.group.ChannelGroup sockets) {
        this.listener = listener;
        this.maxFrameBytes = maxFrameBytes;
        this.maxQueuedFrames = maxQueuedFrames;
        this.sockets = sockets;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            connection = new Connection(ctx.channel(), ctx.channel().attr(UpgradeHandler.SESSION).get(), maxQueuedFrames);
            sockets.add(ctx.channel());
            listener.onOpen(connection);
        } else if (event instanceof IdleStateEvent) {
            ctx.close(); // no frame (not even a ping) for the whole idle timeout
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (connection == null) {
            return;
        }
        boolean binary = frame instanceof BinaryWebSocketFrame;
        if (!binary && !(frame instanceof TextWebSocketFrame)) {
            return;
        }
        FrameCodec codec = connection.session().codec();
        if (binary != (codec == FrameCodec.PROTO)) {
            listener.onBadFrame(connection, "", "BAD_FRAME", codec == FrameCodec.PROTO
                    ? "expected binary frames (codec=proto)" : "expected text frames (codec=json)");
            return;
        }
        if (frame.content().readableBytes() > maxFrameBytes) {
            listener.onBadFrame(connection, "", "TOO_LARGE",
                    "frame: " + frame.content().readableBytes() + " bytes (expected: <= " + maxFrameBytes + ")");
            return;
        }
        ClientFrame decoded;
        try {
            decoded = codec.decode(frame.content());
        } catch (FrameCodec.DecodeException e) {
            listener.onBadFrame(connection, e.requestId(), "BAD_FRAME", e.getMessage());
            return;
        }
        listener.onFrame(connection, decoded);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            listener.onClose(connection);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("client socket error: {}", cause.toString());
        } else {
            log.warn("closing client socket after an unexpected error", cause);
        }
        ctx.close();
    }
}
