package io.seqline.sequence;

import io.seqline.common.grpc.GrpcProperties;
import io.seqline.common.grpc.GrpcServerConfiguration;
import io.seqline.common.kafka.TopicConfiguration;
import io.seqline.common.redis.RedisConfiguration;
import io.seqline.common.redis.SharedRedis;
import io.seqline.sequence.api.SequenceGrpcService;
import io.seqline.sequence.ingest.InboundListenerErrors;
import io.seqline.sequence.sequencer.SequencerProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.listener.CommonErrorHandler;

/**
 * sequence-service: issues the per-conversation seq. Configuration: {@code sequence-service.yml}.
 */
@SpringBootApplication
@Import({RedisConfiguration.class, TopicConfiguration.class, GrpcServerConfiguration.class,
        io.seqline.common.tracing.RecordTracing.Wiring.class})
@EnableConfigurationProperties({SequencerProperties.class, GrpcProperties.class})
public class SequenceApplication {

    /** The Spring config name, so that all services can share one classpath (standalone). */
    public static final String CONFIG_NAME = "sequence-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(SequenceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** A failed batch commits nothing and is read again, with backoff, forever: a record is never skipped. */
    @Bean
    CommonErrorHandler rereadBatchErrorHandler() {
        return InboundListenerErrors.rereadWithBackoff(Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    @Bean(destroyMethod = "close")
    io.seqline.common.grpc.HistoryChannel historyChannel(SequencerProperties properties, GrpcProperties grpc,
                                                         io.micrometer.observation.ObservationRegistry observations) {
        return new io.seqline.common.grpc.HistoryChannel(properties.historyAddress(), grpc.adminKey(), observations);
    }

    @Bean
    io.seqline.proto.v1.HistoryGrpc.HistoryBlockingStub historyStub(io.seqline.common.grpc.HistoryChannel history) {
        return history.blocking();
    }

    @Bean
    SequenceGrpcService sequenceGrpcService(SharedRedis redis) {
        return new SequenceGrpcService(redis);
    }
}
