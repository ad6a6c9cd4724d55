package io.seqline.routing.fanout;

import io.micrometer.core.instrument.MeterRegistry;
import io.seqline.common.kafka.Topics;
import io.seqline.common.kafka.deadletter.DeadLetters;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Routing parks what it cannot decode on {@code <topic>.dlt} of the three topics it reads (metric
 * {@code seqline_routing_dead_letters_total}).
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterWiring {

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
        return new DeadLetters("routing", List.of(Topics.MESSAGES, Topics.RECEIPTS, Topics.SIGNALS), kafka, meters);
    }
}
