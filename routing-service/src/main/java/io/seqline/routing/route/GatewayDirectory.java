package io.seqline.routing.route;

import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * Delivery address (internal gRPC port) of each gateway id, from {@code im:gateway:{g}} (refreshed by the gateway itself, expiring
 * when it dies), cached for a few seconds when found.
 */
@Component
public class GatewayDirectory {

    private static final long CACHE_MILLIS = 3_000;

    private record Entry(String address, long fetchedAt) {
    }

    private final SharedRedis redis;
    private final Clock clock;
    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();

    public GatewayDirectory(SharedRedis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** Drops what is cached for {@code gatewayId}: the next lookup reads Redis. */
    public void forget(String gatewayId) {
        cache.remove(gatewayId);
    }

    /** The address of a live gateway, or empty when it is gone. */
    public Optional<String> address(String gatewayId) {
        long now = clock.millis();
        Entry entry = cache.get(gatewayId);
        // a miss is never cached: the gateway may re-register at any moment (e.g. after Redis lost its keys)
        if (entry == null || entry.address() == null || now - entry.fetchedAt() > CACHE_MILLIS) {
            entry = new Entry(redis.sync().get(RedisKeys.gateway(gatewayId)), now);
            cache.put(gatewayId, entry);
        }
        return Optional.ofNullable(entry.address());
    }
}
