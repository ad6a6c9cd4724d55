package io.seqline.common.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares every Seqline topic so that whichever service starts first creates them with the configured
 * partitions and replication (Spring's {@link KafkaAdmin} leaves existing topics alone).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TopicProperties.class)
public class TopicConfiguration {

    @Bean
    KafkaAdmin.NewTopics seqlineTopics(TopicProperties topics) {
        return new KafkaAdmin.NewTopics(
                topic(Topics.INBOUND, topics), topic(Topics.MESSAGES, topics), topic(Topics.RECEIPTS, topics),
                topic(Topics.SIGNALS, topics), topic(Topics.OFFLINE, topics),
                topic(Topics.INBOUND_DLT, topics), topic(Topics.MESSAGES_DLT, topics),
                topic(Topics.RECEIPTS_DLT, topics), topic(Topics.SIGNALS_DLT, topics));
    }

    private static NewTopic topic(String name, TopicProperties topics) {
        return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replication())
                .config("min.insync.replicas", topics.replication() > 1 ? "2" : "1")
                .build();
    }
}
