package io.seqline.common.grpc;

import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * The gRPC health of a service's server: once it listens, each of its services (and the server, "") is
 * SERVING; from the start of its shutdown, everything is NOT_SERVING, so balancers stop sending calls while
 * those in flight finish within {@code spring.grpc.server.shutdown.grace-period}.
 */
public final class ServiceHealth {

    private final HealthStatusManager health;

    ServiceHealth(HealthStatusManager health) {
        this.health = health;
    }

    /** Sets the status of the server ("") and of each of its services. */
    public static void set(HealthStatusManager health, Iterable<ServerServiceDefinition> services, ServingStatus status) {
        for (ServerServiceDefinition service : services) {
            health.setStatus(service.getServiceDescriptor().getName(), status);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    }

    @EventListener
    void started(GrpcServerStartedEvent event) {
        if (health != null) {
            set(health, event.getServer().getServices(), ServingStatus.SERVING);
        }
    }

    /** Before the server stops accepting calls; the health service's terminal state follows when the context closes. */
    @EventListener
    void stopping(GrpcServerShutdownEvent event) {
        if (health != null) {
            set(health, event.getServer().getServices(), ServingStatus.NOT_SERVING);
        }
    }
}
