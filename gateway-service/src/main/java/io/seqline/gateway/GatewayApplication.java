package io.seqline.gateway;

import io.seqline.common.grpc.DeliveryProperties;
import io.seqline.common.grpc.GrpcProperties;
import io.seqline.common.grpc.GrpcServerConfiguration;
import io.seqline.common.kafka.TopicConfiguration;
import io.seqline.common.redis.RedisConfiguration;
import io.seqline.gateway.auth.JwtProperties;
import io.seqline.gateway.config.GatewayProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * gateway-service: the client WebSocket edge, the public {@code Messaging} gRPC API and, on its own
 * port and key, the internal {@code Delivery} API. Configuration: {@code gateway-service.yml}.
 */
@SpringBootApplication
@Import({RedisConfiguration.class, TopicConfiguration.class, GrpcServerConfiguration.class})
@EnableConfigurationProperties({GatewayProperties.class, JwtProperties.class, GrpcProperties.class,
        DeliveryProperties.class})
public class GatewayApplication {

    public static final String CONFIG_NAME = "gateway-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
