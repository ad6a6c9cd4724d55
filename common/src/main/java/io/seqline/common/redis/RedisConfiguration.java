package io.seqline.common.redis;

import io.lettuce.core.ClientOptions;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis for the services that use it: Boot's Spring Data Redis auto-configuration builds the Lettuce client from
 * {@code spring.data.redis.*} (a single Redis by {@code url} or {@code host}/{@code port}, Sentinel, or a Cluster by
 * {@code cluster.nodes}; SSL; username and password), and this adds the one String connection the services'
 * commands share ({@link SharedRedis}). Boot's {@code redis} health indicator comes with it.
 */
@Configuration(proxyBeanMethods = false)
public class RedisConfiguration {

    /**
     * While disconnected, commands fail at once instead of queueing until Redis is back: a sequencer batch fails
     * and is retried from Kafka, a lookup answers with an error, and nothing waits out a whole outage.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer seqlineRedisClientOptions() {
        return options -> options.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean(destroyMethod = "close")
    SharedRedis sharedRedis(LettuceConnectionFactory factory, Environment environment) {
        if (environment.containsProperty("spring.data.redis.masterreplica.nodes")) {
            throw new IllegalStateException("spring.data.redis.masterreplica.nodes is not supported: the sequencer writes "
                    + "to one primary; give that primary (url or host/port), a Sentinel master or cluster.nodes");
        }
        return SharedRedis.connect(factory.getRequiredNativeClient());
    }
}
