package io.seqline.testsupport.chaos;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client connection through the proxy and the gateway connection behind it. Both channels share one
 * event loop, so nothing here needs locking.
 */
final class ProxiedConnection {

    private final ChaosProxy proxy;
    private final Channel downstream;
    private final FullHttpRequest upgrade;
    private final ChaosDice dice;
    private Channel upstream;
    private boolean answered;

    ProxiedConnection(ChaosProxy proxy, Channel downstream, FullHttpRequest upgrade, ChaosDice dice) {
        this.proxy = proxy;
        this.downstream = downstream;
        this.upgrade = upgrade;
        this.dice = dice;
    }

    /** Tries the gateways in order until one accepts the TCP connection. */
    void connectUpstream(List<InetSocketAddress> candidates) {
        if (candidates.isEmpty()) {
            upstreamRefused(HttpResponseStatus.BAD_GATEWAY);
            return;
        }
        InetSocketAddress target = candidates.get(0);
        URI uri = URI.create("ws://" + target.getHostString() + ":" + target.getPort() + upgrade.uri());
        new Bootstrap().group(downstream.eventLoop()).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(ChaosProxy.MAX_FRAME),
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(uri).version(WebSocketVersion.V13)
                                        .maxFramePayloadLength(ChaosProxy.MAX_FRAME).handleCloseFrames(false)
                                        .handshakeTimeoutMillis(10_000).build()),
                                new WebSocketFrameAggregator(ChaosProxy.MAX_FRAME),
                                new UpstreamHandler(ProxiedConnection.this));
                    }
                })
                .connect(target).addListener((ChannelFutureListener) connected -> {
                    if (!connected.isSuccess()) {
                        if (candidates.size() > 1) {
                            proxy.stats().failovers.incrementAndGet();
                        }
                        connectUpstream(candidates.subList(1, candidates.size()));
                    }
                });
    }

    /** The gateway took the upgrade: complete the client's upgrade and start the clock of the cut. */
    void upstreamReady(Channel channel) {
        if (answered || !downstream.isActive()) {
            channel.close();
            return;
        }
        answered = true;
        upstream = channel;
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + upgrade.headers().get(HttpHeaderNames.HOST) + upgrade.uri(), null, true, ChaosProxy.MAX_FRAME)
                .newHandshaker(upgrade);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(downstream);
            upgrade.release();
            closeBoth();
            return;
        }
        handshaker.handshake(downstream, upgrade).addListener((ChannelFutureListener) done -> {
            upgrade.release();
            if (!done.isSuccess()) {
                closeBoth();
                return;
            }
            downstream.pipeline().addBefore(downstream.pipeline().context(DownstreamHandler.class).name(),
                    "frame-aggregator", new WebSocketFrameAggregator(ChaosProxy.MAX_FRAME));
            downstream.config().setAutoRead(true);
            proxy.stats().connections.incrementAndGet();
            scheduleCut();
        });
    }

    /** No gateway took the upgrade: the client gets the gateway's status (or 502). */
    void upstreamRefused(HttpResponseStatus status) {
        if (answered) {
            return;
        }
        answered = true;
        proxy.stats().refused.incrementAndGet();
        upgrade.release();
        reply(downstream, status);
    }

    void fromClient(WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame || upstream == null || !upstream.isActive()) {
            frame.release();
            closeBoth();
            return;
        }
        upstream.writeAndFlush(frame);
    }

    void fromServer(WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame) {
            frame.release();
            closeBoth();
            return;
        }
        proxy.stats().serverFrames.incrementAndGet();
        if (!proxy.chaosOn()) {
            downstream.writeAndFlush(frame);
            return;
        }
        ChaosDice.FrameFate fate = dice.nextServerFrame();
        if (fate.drop()) {
            proxy.stats().dropped.incrementAndGet();
            frame.release();
            return;
        }
        if (fate.duplicate()) {
            proxy.stats().duplicated.incrementAndGet();
            deliverLater(frame.retainedDuplicate(), fate.duplicateDelay());
        }
        deliverLater(frame, fate.delay());
    }

    void closeBoth() {
        downstream.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    static void reply(Channel channel, HttpResponseStatus status) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(status.reasonPhrase(), java.nio.charset.StandardCharsets.UTF_8));
        HttpUtil.setContentLength(response, response.content().readableBytes());
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void deliverLater(WebSocketFrame frame, Duration delay) {
        downstream.eventLoop().schedule(() -> {
            if (downstream.isActive()) {
                downstream.writeAndFlush(frame);
            } else {
                frame.release();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void scheduleCut() {
        Duration lifetime = dice.lifetime();
        if (lifetime == null) {
            return;
        }
        downstream.eventLoop().schedule(() -> {
            if (proxy.chaosOn() && downstream.isActive()) {
                proxy.stats().cuts.incrementAndGet();
                closeBoth();
            } else if (downstream.isActive()) {
                scheduleCut();
            }
        }, lifetime.toMillis(), TimeUnit.MILLISECONDS);
    }
}
