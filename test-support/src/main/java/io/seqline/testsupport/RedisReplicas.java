package io.seqline.testsupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.seqline.embedded.EmbeddedRedis;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/** Real Redis replication in tests: a {@code redis-server} that follows a primary, and one-off commands. */
public final class RedisReplicas {

    private RedisReplicas() {
    }

    /** A new {@code redis-server} in {@code dir}, replica of the primary at {@code host:port}, in sync when returned. */
    public static EmbeddedRedis following(String host, int port, Path dir) {
        EmbeddedRedis replica = EmbeddedRedis.start(dir, 0, false);
        run(replica.url(), r -> {
            r.replicaof(host, port);
            Awaitility.await("the replica is in sync").atMost(Duration.ofSeconds(30))
                    .until(() -> r.info("replication").contains("master_link_status:up"));
        });
        return replica;
    }

    /** The address of {@code redis://host:port}, for a proxy in front of it or a replica following it. */
    public static InetSocketAddress address(String redisUrl) {
        URI uri = URI.create(redisUrl);
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    /** Runs {@code commands} on a connection of their own to {@code redisUrl}. */
    public static void run(String redisUrl, Consumer<RedisCommands<String, String>> commands) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            commands.accept(connection.sync());
        } finally {
            client.shutdown();
        }
    }
}
