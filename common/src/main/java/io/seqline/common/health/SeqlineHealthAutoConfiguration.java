package io.seqline.common.health;

import io.lettuce.core.api.StatefulRedisConnection;
import io.seqline.common.redis.RedisProperties;
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
 * The {@code redis} and {@code kafka} health indicators, for every service that has a Lettuce connection
 * ({@code RedisConfiguration}) or Kafka. They show in {@code /actuator/health} (next to Boot's own {@code db}
 * where there is a DataSource) but in neither probe group: readiness reflects only the instance itself, so a
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
    @ConditionalOnBean(type = "io.lettuce.core.api.StatefulRedisConnection")
    static class RedisHealth {

        @Bean
        @ConditionalOnMissingBean(name = "redisHealthIndicator")
        RedisHealthIndicator redisHealthIndicator(StatefulRedisConnection<String, String> connection,
                                                  org.springframework.beans.factory.ObjectProvider<RedisProperties> properties) {
            RedisProperties redis = properties.getIfAvailable();
            Duration timeout = redis == null ? TIMEOUT : min(redis.commandTimeout(), TIMEOUT);
            return new RedisHealthIndicator(connection, timeout);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(KafkaAdmin.class)
    static class KafkaHealth {

        @Bean
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
            return new KafkaHealthIndicator(admin, TIMEOUT);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
