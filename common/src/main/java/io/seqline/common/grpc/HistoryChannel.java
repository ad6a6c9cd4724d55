package io.seqline.common.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seqline.proto.v1.HistoryGrpc;
import java.util.concurrent.TimeUnit;

/**
 * The channel from a service to history-service (plaintext inside the cluster), with stubs that present
 * the admin key. Used by the gateway (sync, groups, cursors), the sequencer and routing (group members).
 * Calls are spread over every address the name resolves to ({@code round_robin}): in Kubernetes the history
 * Service is headless, so its name gives every ready replica, and history closes each connection after
 * {@code spring.grpc.server.keepalive.connection.max-age}, so the name is resolved again and new replicas
 * get their share.
 */
public final class HistoryChannel implements AutoCloseable {

    private final ManagedChannel channel;
    private final AdminKeyCredentials credentials;

    /** @param observations carries the current trace context in the call metadata */
    public HistoryChannel(String address, String adminKey, io.micrometer.observation.ObservationRegistry observations) {
        this.channel = NettyChannelBuilder.forTarget(address).usePlaintext().defaultLoadBalancingPolicy("round_robin")
                .intercept(new io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor(observations))
                .maxInboundMessageSize(32 * 1024 * 1024).keepAliveTime(30, TimeUnit.SECONDS).build();
        this.credentials = new AdminKeyCredentials(adminKey);
    }

    public HistoryGrpc.HistoryBlockingStub blocking() {
        return HistoryGrpc.newBlockingStub(channel).withCallCredentials(credentials);
    }

    public HistoryGrpc.HistoryStub async() {
        return HistoryGrpc.newStub(channel).withCallCredentials(credentials);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
