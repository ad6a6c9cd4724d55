package io.seqline.gateway.ws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The client port: HTTP/1.1 with the WebSocket endpoint {@code /ws} and a few plain HTTP routes. Free of
 * Spring; the gateway wires it up.
 */
public final class ClientServer implements AutoCloseable {

    /** Frames above this close the socket (protocol-level protection); the configured limit is checked per frame. */
    private static final int HARD_FRAME_LIMIT = 1024 * 1024;

    /**
     * @param port            0 for any free port
     * @param maxFrameBytes   larger data frames get an {@code error TOO_LARGE} frame
     * @param maxQueuedFrames outbound frames a socket may have unwritten before it is closed
     * @param idleTimeout     a socket that sends nothing for this long is closed (clients ping)
     */
    public record Settings(int port, int maxFrameBytes, int maxQueuedFrames, Duration idleTimeout) {
    }

    private final Settings settings;
    private final HandshakeAuthenticator authenticator;
    private final ConnectionListener listener;
    private final Map<String, HttpRoute> routes;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    /** Every upgraded client socket (closed ones leave by themselves). */
    private final ChannelGroup sockets = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    public ClientServer(Settings settings, HandshakeAuthenticator authenticator, ConnectionListener listener,
                        List<HttpRoute> routes) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.listener = listener;
        this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(HttpRoute::path, Function.identity()));
    }

    public synchronized void start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(UpgradeHandler.WS_PATH)
                .checkStartsWith(true) // "/ws?token=..." (the query follows the path)
                .handleCloseFrames(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(HARD_FRAME_LIMIT)
                        .withUTF8Validator(false) // invalid UTF-8 gets an error frame, not a closed socket
                        .allowExtensions(false)
                        .build())
                .build();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
                        p.addLast(new HttpServerCodec(4096, 8192, 8192));
                        p.addLast(new HttpObjectAggregator(64 * 1024));
                        p.addLast(new UpgradeHandler(authenticator, routes));
                        p.addLast(new WebSocketServerProtocolHandler(wsConfig));
                        p.addLast(new WebSocketFrameAggregator(HARD_FRAME_LIMIT));
                        p.addLast(new WebSocketFrameHandler(listener, settings.maxFrameBytes(), settings.maxQueuedFrames(),
                                sockets));
                    }
                });
        serverChannel = bootstrap.bind(new InetSocketAddress(settings.port())).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Graceful drain: stops accepting, asks every client to reconnect elsewhere (close 1012, "service
     * restart"), waits until they have gone or {@code deadline} passed, then closes what is left.
     */
    public void drain(Duration deadline) {
        Channel listening;
        synchronized (this) {
            listening = serverChannel;
        }
        if (listening == null) {
            return;
        }
        listening.close().syncUninterruptibly();
        sockets.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.SERVICE_RESTART, "gateway restarting, reconnect"));
        long end = System.nanoTime() + deadline.toNanos();
        while (!sockets.isEmpty() && System.nanoTime() < end) {
            try {
                Thread.sleep(20); // shutdown path only: wait for clients to close their side
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
    }

    /** Stops accepting, closes every socket at once (no close frame, as a crash would) and frees the threads. */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        sockets.close().syncUninterruptibly();
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            boss = null;
            workers = null;
        }
    }
}
