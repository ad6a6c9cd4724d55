package io.seqline.history.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.seqline.common.kafka.Topics;
import io.seqline.common.kafka.deadletter.DeadLetters;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** History parks what it cannot decode or store on {@code im.messages.dlt} (metric {@code seqline_history_dead_letters_total}). */
@Configuration(proxyBeanMethods = false)
class DeadLetterWiring {

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
        return new DeadLetters("history", List.of(Topics.MESSAGES), kafka, meters);
    }
}
