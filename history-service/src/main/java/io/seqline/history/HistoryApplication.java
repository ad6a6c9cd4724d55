package io.seqline.history;

import io.seqline.common.grpc.GrpcProperties;
import io.seqline.common.grpc.GrpcServerConfiguration;
import io.seqline.common.kafka.TopicConfiguration;
import io.seqline.history.api.HistoryGrpcService;
import io.seqline.history.groups.GroupProperties;
import io.seqline.history.groups.GroupService;
import io.seqline.history.groups.LogEvents;
import io.seqline.history.listing.ConversationListing;
import io.seqline.history.store.Messages;
import io.seqline.history.store.ReadCursors;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** history-service: the durable log in PostgreSQL. Configuration: {@code history-service.yml}. */
@SpringBootApplication
@Import({TopicConfiguration.class, GrpcServerConfiguration.class})
@EnableConfigurationProperties({GrpcProperties.class, GroupProperties.class})
public class HistoryApplication {

    public static final String CONFIG_NAME = "history-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(HistoryApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * A batch that cannot be stored because of the database (PostgreSQL down) is retried with backoff until
     * it is: never skipped. Records that cannot be stored because of their data never get here: the listener
     * parks them on {@code im.messages.dlt}.
     */
    @Bean
    CommonErrorHandler ingestErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
        backOff.setMaxInterval(5_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
        return handler;
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    HistoryGrpcService historyGrpcService(Messages messages, GroupService groups, ConversationListing listing,
                                          ReadCursors cursors, LogEvents events) {
        return new HistoryGrpcService(messages, groups, listing, cursors, events);
    }
}
