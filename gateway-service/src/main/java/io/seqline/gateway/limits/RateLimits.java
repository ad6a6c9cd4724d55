package io.seqline.gateway.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.seqline.gateway.config.GatewayProperties;
import io.seqline.gateway.ws.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j): every frame costs one token of its socket's bucket, every send also one of
 * its user's bucket on this replica. Buckets of closed sockets and of users without sockets are dropped.
 */
@Component
public class RateLimits {

    private final GatewayProperties.Limits limits;
    private final Map<Connection, Bucket> perConnection = new ConcurrentHashMap<>();
    private final Map<String, Bucket> perUser = new ConcurrentHashMap<>();

    public RateLimits(GatewayProperties properties) {
        this.limits = properties.limits();
    }

    /** True when the socket may send one more frame now. */
    public boolean allowFrame(Connection connection) {
        return perConnection.computeIfAbsent(connection, c -> bucket(limits.frameBurst(), limits.framesPerSecond()))
                .tryConsume(1);
    }

    /** True when the user may send one more message now. */
    public boolean allowSend(Connection connection) {
        return perUser.computeIfAbsent(connection.userId(), u -> bucket(limits.userSendBurst(), limits.userSendsPerSecond()))
                .tryConsume(1);
    }

    /** Forgets a closed socket, and its user when no socket of theirs is left here. */
    public void closed(Connection connection, boolean userHasOtherSockets) {
        perConnection.remove(connection);
        if (!userHasOtherSockets) {
            perUser.remove(connection.userId());
        }
    }

    private static Bucket bucket(int burst, int perSecond) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
    }
}
