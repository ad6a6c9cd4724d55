package io.seqline.common.health;

import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The {@code kafka} health indicator, for every service that has Kafka (Boot has none). It shows in
 * {@code /actuator/health} next to Boot's own {@code redis} (Spring Data Redis) and {@code db} (a DataSource), but,
 * like them, in neither probe group: readiness reflects only the instance itself, so a
 * blip of a shared dependency does not take every replica out of its Service at once, and liveness must
 * never restart every pod during an outage.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration"})
@ConditionalOnClass(HealthIndicator.class)
public class SeqlineHealthAutoConfiguration {

    /** How long one check may take; probes run every few seconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(KafkaAdmin.class)
    static class KafkaHealth {

        @Bean
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
            return new KafkaHealthIndicator(admin, TIMEOUT);
        }
    }
}
