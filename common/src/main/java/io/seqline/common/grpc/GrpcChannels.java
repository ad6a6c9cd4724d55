package io.seqline.common.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/** A cache of plaintext channels by target address ("host:port"), closed together. */
public final class GrpcChannels implements AutoCloseable {

    private final ConcurrentMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    public ManagedChannel get(String target) {
        return channels.computeIfAbsent(target, t -> NettyChannelBuilder.forTarget(t)
                .usePlaintext()
                .maxInboundMessageSize(32 * 1024 * 1024)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .build());
    }

    /** Closes and forgets the channel to {@code target}, if any: the next {@link #get} opens a new one. */
    public void evict(String target) {
        ManagedChannel channel = channels.remove(target);
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels.values()) {
            try {
                if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.shutdownNow();
            }
        }
        channels.clear();
    }
}
