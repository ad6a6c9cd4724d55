package io.seqline.gateway.config;

import io.seqline.common.grpc.DeliveryProperties;
import io.seqline.common.grpc.GrpcErrorMapper;
import io.seqline.common.grpc.GrpcProperties;
import io.seqline.common.grpc.HistoryChannel;
import io.seqline.common.redis.SharedRedis;
import io.seqline.gateway.auth.TokenService;
import io.seqline.gateway.delivery.DeliveryGrpcService;
import io.seqline.gateway.delivery.DeliveryServer;
import io.seqline.gateway.dev.DevTokenRoute;
import io.seqline.gateway.dev.StaticFilesRoute;
import io.seqline.gateway.messaging.MessagingGrpcService;
import io.seqline.gateway.messaging.SystemMessages;
import io.seqline.gateway.session.ConnectionRegistry;
import io.seqline.gateway.ws.ClientServer;
import io.seqline.gateway.ws.ConnectionListener;
import io.seqline.gateway.ws.HandshakeAuthenticator;
import io.seqline.gateway.ws.HttpRoute;
import io.seqline.proto.v1.HistoryGrpc;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the gateway's servers and clients from its configuration. */
@Configuration(proxyBeanMethods = false)
class GatewayWiring {

    /**
     * The public port: {@code Messaging} behind the admin key, on the server Spring gRPC configures
     * ({@code spring.grpc.server.*}, port {@code seqline.grpc.port}).
     */
    @Bean
    MessagingGrpcService messagingGrpcService(TokenService tokens, SharedRedis redis,
                                              SystemMessages systemMessages) {
        return new MessagingGrpcService(tokens, redis, systemMessages);
    }

    /**
     * The internal port: {@code Delivery} behind its own key, which must not be the admin key. Not a bean
     * itself, so the public server does not serve it.
     */
    @Bean
    DeliveryServer deliveryServer(DeliveryProperties delivery, GrpcProperties grpc, ConnectionRegistry connections,
                                  io.micrometer.observation.ObservationRegistry observations, GrpcErrorMapper errors,
                                  GrpcServerProperties server) {
        if (delivery.key().equals(grpc.adminKey())) {
            throw new IllegalStateException("seqline.delivery.key must differ from seqline.grpc.admin-key");
        }
        return new DeliveryServer(delivery, new DeliveryGrpcService(connections), observations, errors,
                new DeliveryServer.Limits(server.getInbound().getMessage().getMaxSize(),
                        server.getShutdown().getGracePeriod()));
    }

    @Bean(destroyMethod = "close")
    HistoryChannel historyChannel(GatewayProperties properties, GrpcProperties grpc,
                                  io.micrometer.observation.ObservationRegistry observations) {
        return new HistoryChannel(properties.historyAddress(), grpc.adminKey(), observations);
    }

    @Bean
    HistoryGrpc.HistoryStub historyStub(HistoryChannel history) {
        return history.async();
    }

    @Bean
    ClientServerLifecycle clientServer(GatewayProperties properties, HandshakeAuthenticator authenticator,
                                       ConnectionListener listener, TokenService tokens) {
        List<HttpRoute> routes = new ArrayList<>();
        if (properties.devEndpoints()) {
            routes.add(new DevTokenRoute(tokens));
            routes.addAll(StaticFilesRoute.demoPage()); // the demo chat at / (demo-web/src, packaged by the build)
        }
        return new ClientServerLifecycle(new ClientServer(new ClientServer.Settings(properties.clientPort(),
                properties.maxFrameBytes(), properties.outboundQueueFrames(), properties.idleTimeout()),
                authenticator, listener, routes), properties.drainDeadline());
    }
}
