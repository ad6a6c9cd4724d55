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
@Import({RedisConfiguration.class, TopicConfiguration.class})
@EnableConfigurationProperties({GrpcProperties.class, RoutingProperties.class})
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

    @Bean(destroyMethod = "shutdownNow")
    io.grpc.ManagedChannel historyChannel(RoutingProperties properties) {
        return io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget(properties.historyAddress())
                .usePlaintext().maxInboundMessageSize(32 * 1024 * 1024).build();
    }

    @Bean
    io.seqline.proto.v1.HistoryGrpc.HistoryBlockingStub historyStub(io.grpc.ManagedChannel historyChannel,
                                                                    GrpcProperties grpc) {
        return io.seqline.proto.v1.HistoryGrpc.newBlockingStub(historyChannel)
                .withCallCredentials(new io.seqline.common.grpc.AdminKeyCredentials(grpc.adminKey()));
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
