package io.seqline.testsupport.chaos;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket proxy between clients and gateways that misbehaves on purpose, deterministically from
 * {@link ChaosSettings#seed()}: server-to-client frames are delayed (so reordered), duplicated and
 * dropped, and connections are cut after a random lifetime. Client-to-server frames pass unchanged.
 *
 * <p>Clients connect to {@code ws://127.0.0.1:<port>/ws?...}; the upgrade is forwarded, query and all,
 * to one of the upstream gateways, chosen by the device id and, when that one refuses the connection,
 * the next that takes it, the way a load balancer moves clients off a stopped gateway. The client's
 * upgrade only succeeds once a gateway accepted it (a gateway's 401 is passed on as such).
 */
public final class ChaosProxy implements AutoCloseable {

    static final int MAX_FRAME = 1 << 20;

    private final ChaosSettings settings;
    private final List<InetSocketAddress> upstreams;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ChaosStats stats = new ChaosStats();
    private final Map<String, AtomicInteger> connectionsPerDevice = new ConcurrentHashMap<>();
    private volatile boolean chaos = true;
    private Channel server;

    private ChaosProxy(ChaosSettings settings, List<InetSocketAddress> upstreams) {
        this.settings = settings;
        this.upstreams = List.copyOf(upstreams);
    }

    /** Listens on a free port of 127.0.0.1. */
    public static ChaosProxy start(ChaosSettings settings, List<InetSocketAddress> upstreams) {
        ChaosProxy proxy = new ChaosProxy(settings, upstreams);
        proxy.server = new ServerBootstrap().group(proxy.group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_FRAME),
                                new DownstreamHandler(proxy));
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return proxy;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public ChaosStats stats() {
        return stats;
    }

    public ChaosSettings settings() {
        return settings;
    }

    /** Turns the chaos off (frames pass at once, no more cuts) or back on. */
    public void chaos(boolean on) {
        chaos = on;
    }

    boolean chaosOn() {
        return chaos;
    }

    /** The dice of the next connection of {@code device}. */
    ChaosDice diceFor(String device) {
        int n = connectionsPerDevice.computeIfAbsent(device, d -> new AtomicInteger()).incrementAndGet();
        return new ChaosDice(settings, device + "#" + n);
    }

    /** The gateways to try for {@code device}, its own first. */
    List<InetSocketAddress> upstreamsFor(String device) {
        List<InetSocketAddress> order = new ArrayList<>(upstreams.size());
        int first = Math.floorMod(device.hashCode(), upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            order.add(upstreams.get((first + i) % upstreams.size()));
        }
        return order;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
