package io.seqline.gateway.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.seqline.proto.v1.ServerFrame;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client socket. Writes may come from any thread; Netty keeps them in call order. The outbound
 * queue is bounded: a client that does not read fills it, and is then closed (it syncs on reconnect)
 * rather than holding memory or slowing the gateway for others.
 */
public final class Connection {

    private final Channel channel;
    private final Session session;
    private final int maxQueuedFrames;
    private final AtomicInteger queued = new AtomicInteger();

    Connection(Channel channel, Session session, int maxQueuedFrames) {
        this.channel = channel;
        this.session = session;
        this.maxQueuedFrames = maxQueuedFrames;
    }

    public Session session() {
        return session;
    }

    public String userId() {
        return session.userId();
    }

    public String deviceId() {
        return session.deviceId();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Writes and flushes one frame. */
    public void send(ServerFrame frame) {
        write(new OutboundFrame(frame));
        flush();
    }

    /** Queues a frame without flushing; call {@link #flush()} after a batch. */
    public void write(OutboundFrame frame) {
        if (!channel.isActive()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueuedFrames) {
            queued.decrementAndGet();
            closeForOverflow();
            return;
        }
        channel.write(frame.toWebSocket(session.codec())).addListener(f -> queued.decrementAndGet());
    }

    public void flush() {
        channel.flush();
    }

    /** Closes with a WebSocket close frame carrying {@code reason}. */
    public void close(WebSocketCloseStatus status, String reason) {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(status.code(), reason)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void closeForOverflow() {
        // the close frame would queue behind what the client does not read: drop the socket at once
        channel.close();
    }

    @Override
    public String toString() {
        return session.userId() + "/" + session.deviceId() + "@" + channel.remoteAddress();
    }
}
