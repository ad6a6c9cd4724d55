package io.seqline.common.grpc;

import io.grpc.protobuf.services.HealthStatusManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * What every Seqline gRPC server adds to Spring gRPC's auto-configured one ({@code spring.grpc.server.*}:
 * port from {@code seqline.grpc.port}, health, reflection, observation): the admin-key check on every
 * service but health and reflection, the one error mapping, and per-service health statuses. Interceptor
 * order, outermost first: observation (Boot's, order 0), admin key, then Spring gRPC's exception handling
 * with {@link GrpcErrorMapper}.
 */
@Configuration(proxyBeanMethods = false)
public class GrpcServerConfiguration {

    @Bean
    @GlobalServerInterceptor
    @Order(10)
    AdminKeyInterceptor adminKeyInterceptor(GrpcProperties grpc) {
        return new AdminKeyInterceptor(grpc.adminKey());
    }

    @Bean
    GrpcErrorMapper grpcErrorMapper() {
        return new GrpcErrorMapper();
    }

    @Bean
    ServiceHealth grpcServiceHealth(ObjectProvider<HealthStatusManager> health) {
        return new ServiceHealth(health.getIfAvailable());
    }
}
