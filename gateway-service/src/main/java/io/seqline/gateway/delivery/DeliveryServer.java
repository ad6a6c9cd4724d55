package io.seqline.gateway.delivery;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.ObservationRegistry;
import io.seqline.common.grpc.AdminKeyInterceptor;
import io.seqline.common.grpc.DeliveryProperties;
import io.seqline.common.grpc.ServiceHealth;
import java.time.Duration;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.grpc.server.ShadedNettyGrpcServerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's internal gRPC server: {@code Delivery} (and health) only, on {@code seqline.delivery.port},
 * behind {@code seqline.delivery.key}. The gateway advertises its address for routing; the public port
 * ({@code seqline.grpc.port}, admin key) does not serve {@code Delivery}.
 * <p>
 * Spring gRPC auto-configures one server per application context (the public one), so this second server is
 * built here from Spring gRPC's own parts: its shaded-Netty server factory and server lifecycle, with the same
 * interceptors as the public server (observation, then the key check, then exception handling with the
 * service's {@link GrpcExceptionHandler}), no reflection, and the public server's inbound message limit and
 * shutdown grace period ({@code spring.grpc.server.inbound.message.max-size},
 * {@code spring.grpc.server.shutdown.grace-period}).
 */
public final class DeliveryServer implements SmartLifecycle {

    /** What the delivery server takes over from the public server's settings. */
    public record Limits(DataSize maxInboundMessage, Duration shutdownGracePeriod) {
    }

    private final GrpcServerLifecycle server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ServerServiceDefinition delivery;

    public DeliveryServer(DeliveryProperties properties, BindableService delivery, ObservationRegistry observations,
                          GrpcExceptionHandler errors, Limits limits) {
        this.delivery = ServerInterceptors.interceptForward(delivery, new ObservationGrpcServerInterceptor(observations),
                new AdminKeyInterceptor(properties.key(), "delivery key"), new GrpcExceptionHandlerInterceptor(errors));
        ShadedNettyGrpcServerFactory factory = new ShadedNettyGrpcServerFactory("*:" + properties.port(),
                List.of(builder -> builder.maxInboundMessageSize((int) limits.maxInboundMessage().toBytes())),
                null, null, null);
        factory.addService(this.delivery);
        factory.addService(health.getHealthService().bindService());
        // its own events stay here: the public server's health follows only the public server
        this.server = new GrpcServerLifecycle(factory, limits.shutdownGracePeriod(), event -> { });
    }

    @Override
    public void start() {
        server.start();
        ServiceHealth.set(health, List.of(delivery), ServingStatus.SERVING);
    }

    @Override
    public void stop() {
        health.enterTerminalState();
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
        int port = server.getPort();
        if (port == 0) {
            throw new IllegalStateException("the delivery gRPC server is not running");
        }
        return port;
    }
}
