package io.seqline.gateway.delivery;

import io.seqline.common.grpc.GrpcServerRunner;
import org.springframework.context.SmartLifecycle;

/**
 * The gateway's internal gRPC server: {@code Delivery} (and health) only, on {@code seqline.delivery.port},
 * behind {@code seqline.delivery.key}. The gateway advertises its address for routing; the public port
 * ({@code seqline.grpc.port}, admin key) does not serve {@code Delivery}.
 */
public final class DeliveryServer implements SmartLifecycle {

    private final GrpcServerRunner server;

    public DeliveryServer(GrpcServerRunner server) {
        this.server = server;
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public void stop() {
        server.stop();
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public int getPhase() {
        return server.getPhase();
    }

    /** The port it listens on (the configured one, or the one picked for 0). */
    public int port() {
        return server.port();
    }
}
