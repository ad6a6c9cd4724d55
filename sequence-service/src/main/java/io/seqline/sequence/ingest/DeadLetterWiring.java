package io.seqline.sequence.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.seqline.common.kafka.Topics;
import io.seqline.common.kafka.deadletter.DeadLetters;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** The sequencer parks what it cannot decode on {@code im.inbound.dlt} (metric {@code seqline_sequencer_dead_letters_total}). */
@Configuration(proxyBeanMethods = false)
class DeadLetterWiring {

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
        return new DeadLetters("sequencer", List.of(Topics.INBOUND), kafka, meters);
    }
}
