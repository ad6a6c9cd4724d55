package io.seqline.common.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The service's one Redis connection, with String keys and values, on a single Redis (standalone or found through
 * Sentinel) or on a Redis Cluster. It is opened on the Lettuce client that Spring Data Redis built from
 * {@code spring.data.redis.*}; both kinds offer the same commands ({@link RedisClusterAsyncCommands}), and on a
 * cluster each command goes to the master of its key's slot. Lettuce multiplexes the connection and pipelines
 * async commands issued before their results are awaited, which is what the sequencer relies on.
 */
public final class SharedRedis implements AutoCloseable {

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> async;
    private final RedisClusterCommands<String, String> sync;
    private final boolean ownsClient;

    private SharedRedis(AbstractRedisClient client, StatefulConnection<String, String> connection,
                        RedisClusterAsyncCommands<String, String> async, RedisClusterCommands<String, String> sync,
                        boolean ownsClient) {
        this.client = client;
        this.connection = connection;
        this.async = async;
        this.sync = sync;
        this.ownsClient = ownsClient;
    }

    /** Connects on {@code client}: a {@link RedisClusterClient} gives a cluster connection, a {@link RedisClient} a single one. */
    public static SharedRedis connect(AbstractRedisClient client) {
        return connect(client, false);
    }

    /** Connects to one Redis at {@code url} with a client of its own, shut down on {@link #close()} (tests, tools). */
    public static SharedRedis connect(String url) {
        return connect(RedisClient.create(RedisURI.create(url)), true);
    }

    private static SharedRedis connect(AbstractRedisClient client, boolean ownsClient) {
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<String, String> c = cluster.connect();
            return new SharedRedis(client, c, c.async(), c.sync(), ownsClient);
        }
        if (client instanceof RedisClient single) {
            StatefulRedisConnection<String, String> c = single.connect();
            return new SharedRedis(client, c, c.async(), c.sync(), ownsClient);
        }
        throw new IllegalArgumentException("unsupported Redis client " + client.getClass().getName());
    }

    public RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    public RedisClusterCommands<String, String> sync() {
        return sync;
    }

    /** Whether the commands go to a Redis Cluster. */
    public boolean isCluster() {
        return connection instanceof StatefulRedisClusterConnection;
    }

    /** A new pub/sub connection on the same client; the caller closes it. */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client instanceof RedisClusterClient cluster ? cluster.connectPubSub() : ((RedisClient) client).connectPubSub();
    }

    /**
     * How many replicas hold every write this connection sent so far ({@code WAIT}), waiting up to {@code timeout}.
     * On a cluster the writes of {@code keys} went to their slots' masters, so each of those masters is asked on
     * the connection that carried them, and the smallest answer counts.
     */
    public CompletableFuture<Long> replicasHolding(Collection<String> keys, int replicas, Duration timeout) {
        if (!(connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
            return async.waitForReplication(replicas, timeout.toMillis()).toCompletableFuture();
        }
        Set<RedisURI> masters = new LinkedHashSet<>();
        for (String key : keys) {
            RedisClusterNode master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
            if (master == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("no master serves the slot of " + key));
            }
            masters.add(master.getUri());
        }
        List<CompletableFuture<Long>> answers = masters.stream()
                .map(uri -> cluster.getConnectionAsync(uri.getHost(), uri.getPort())
                        .thenCompose(node -> node.async().waitForReplication(replicas, timeout.toMillis())))
                .toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done ->
                answers.stream().mapToLong(CompletableFuture::join).min().orElse(replicas));
    }

    @Override
    public void close() {
        connection.close();
        if (ownsClient) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
