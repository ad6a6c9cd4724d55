package io.seqline.common.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one gRPC server for a service: its services behind the admin-key check and the error mapper,
 * plus the standard health and reflection services. Port 0 picks a free port ({@link #port()}).
 */
public final class GrpcServerRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GrpcServerRunner.class);

    private final String name;
    private final int requestedPort;
    private final List<BindableService> services;
    private final List<ServerInterceptor> interceptors;
    private final boolean reflection;
    private final HealthStatusManager health = new HealthStatusManager();
    private volatile Server server;

    /** @param interceptors applied outermost first, e.g. the admin-key check before the error mapper */
    public GrpcServerRunner(String name, int port, List<BindableService> services, List<ServerInterceptor> interceptors) {
        this(name, port, services, interceptors, true);
    }

    /** @param reflection also serve gRPC reflection (public APIs do; internal ones need not describe themselves) */
    public GrpcServerRunner(String name, int port, List<BindableService> services, List<ServerInterceptor> interceptors,
                            boolean reflection) {
        this.name = name;
        this.requestedPort = port;
        this.services = List.copyOf(services);
        this.interceptors = List.copyOf(interceptors);
        this.reflection = reflection;
    }

    /**
     * A service's server as every Seqline service runs it: trace context read from the call metadata
     * (observation), then the admin-key check, then the one error mapping.
     */
    public static GrpcServerRunner standard(String name, GrpcProperties grpc,
                                            io.micrometer.observation.ObservationRegistry observations,
                                            BindableService... services) {
        return new GrpcServerRunner(name, grpc.port(), List.of(services), List.of(
                new io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor(observations),
                new AdminKeyInterceptor(grpc.adminKey()), new GrpcErrorMapper()));
    }

    /**
     * The internal {@code Delivery} server of a gateway: like {@link #standard} but on the delivery port,
     * behind the delivery key instead of the admin key, and without reflection.
     */
    public static GrpcServerRunner delivery(String name, DeliveryProperties delivery,
                                            io.micrometer.observation.ObservationRegistry observations,
                                            BindableService service) {
        return new GrpcServerRunner(name, delivery.port(), List.of(service), List.of(
                new io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor(observations),
                new AdminKeyInterceptor(delivery.key(), "delivery key"), new GrpcErrorMapper()), false);
    }

    @Override
    public void start() {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(requestedPort))
                .maxInboundMessageSize(32 * 1024 * 1024)
                .addService(health.getHealthService());
        if (reflection) {
            builder.addService(ProtoReflectionServiceV1.newInstance());
        }
        // ServerInterceptors.intercept applies the last interceptor first: reverse for outermost-first order
        List<ServerInterceptor> outermostLast = new java.util.ArrayList<>(interceptors);
        java.util.Collections.reverse(outermostLast);
        for (BindableService service : services) {
            builder.addService(ServerInterceptors.intercept(service, outermostLast));
            health.setStatus(service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING);
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start gRPC server " + name + " on port " + requestedPort, e);
        }
        health.setStatus("", ServingStatus.SERVING);
        log.info("{} gRPC listening on port {}", name, server.getPort());
    }

    @Override
    public void stop() {
        Server s = server;
        if (s == null) {
            return;
        }
        health.enterTerminalState();
        s.shutdown();
        try {
            if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
                s.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.shutdownNow();
        }
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Start late and stop early relative to the Kafka listeners (which use the default phase). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    public int port() {
        Server s = server;
        if (s == null) {
            throw new IllegalStateException(name + " gRPC server is not running");
        }
        return s.getPort();
    }
}
