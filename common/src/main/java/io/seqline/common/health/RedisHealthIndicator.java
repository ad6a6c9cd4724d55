package io.seqline.common.health;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code redis}: a {@code PING} on the service's own shared Lettuce connection (Boot's Redis indicator needs
 * Spring Data Redis, which the services do not use). The connection rejects commands while disconnected,
 * so a Redis outage shows at once.
 */
public class RedisHealthIndicator extends AbstractHealthIndicator {

    private final StatefulRedisConnection<String, String> connection;
    private final Duration timeout;

    public RedisHealthIndicator(StatefulRedisConnection<String, String> connection, Duration timeout) {
        super("Redis health check failed");
        this.connection = connection;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        String pong = connection.async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if ("PONG".equals(pong)) {
            builder.up();
        } else {
            builder.down().withDetail("ping", pong);
        }
    }
}
