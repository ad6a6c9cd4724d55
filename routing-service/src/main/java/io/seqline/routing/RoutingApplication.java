package io.seqline.routing;

import io.seqline.common.grpc.GrpcProperties;
import io.seqline.common.kafka.TopicConfiguration;
import io.seqline.common.redis.RedisConfiguration;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** routing-service: pushes sequenced messages and receipts to the gateways. Configuration: {@code routing-service.yml}. */
@SpringBootApplication
@Import({RedisConfiguration.class, TopicConfiguration.class, io.seqline.common.tracing.RecordTracing.Wiring.class})
@EnableConfigurationProperties({GrpcProperties.class, io.seqline.common.grpc.DeliveryProperties.class,
        RoutingProperties.class})
public class RoutingApplication {

    public static final String CONFIG_NAME = "routing-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RoutingApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    io.seqline.common.grpc.HistoryChannel historyChannel(RoutingProperties properties, GrpcProperties grpc,
                                                         io.micrometer.observation.ObservationRegistry observations) {
        return new io.seqline.common.grpc.HistoryChannel(properties.historyAddress(), grpc.adminKey(), observations);
    }

    @Bean
    io.seqline.proto.v1.HistoryGrpc.HistoryBlockingStub historyStub(io.seqline.common.grpc.HistoryChannel history) {
        return history.blocking();
    }

    /** A batch that fails (Redis unreachable) is retried with backoff until it goes through. */
    @Bean
    CommonErrorHandler routingErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(50, 2.0);
        backOff.setMaxInterval(2_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
        return handler;
    }
}
