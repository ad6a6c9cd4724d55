package io.seqline.embedded;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Commands to single nodes of an {@link EmbeddedRedisCluster}, each node on a connection of its own that is
 * opened again after its node was killed and restarted, and the polling the cluster's waits use.
 */
final class RedisClusterAdmin implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client = RedisClient.create();
    private final Map<Integer, StatefulRedisConnection<String, String>> connections = new ConcurrentHashMap<>();

    RedisClusterAdmin() {
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
    }

    /**
     * Runs {@code commands} on the connection to the node on 127.0.0.1:{@code port}, opened anew when there is
     * none or it was lost (the node was killed); a connection whose commands fail is dropped.
     */
    <T> T on(int port, Function<RedisCommands<String, String>, T> commands) {
        StatefulRedisConnection<String, String> connection = connections.compute(port, (p, open) ->
                open != null && open.isOpen() ? open
                        : client.connect(StringCodec.UTF8, RedisURI.Builder.redis("127.0.0.1", p).withTimeout(TIMEOUT).build()));
        try {
            return commands.apply(connection.sync());
        } catch (RuntimeException e) {
            connections.remove(port, connection);
            connection.closeAsync();
            throw e;
        }
    }

    /** {@code CLUSTER MEET} with the other node's bus port, which Lettuce's {@code clusterMeet} cannot pass. */
    void meet(int port, int otherPort, int otherBusPort) {
        on(port, r -> r.dispatch(CommandType.CLUSTER, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("MEET").add("127.0.0.1").add(otherPort).add(otherBusPort)));
    }

    /** The node's {@code CLUSTER NODES}: every node it knows, as it sees them. */
    Partitions view(int port) {
        String nodes = on(port, RedisCommands::clusterNodes);
        return ClusterPartitionParser.parse(nodes);
    }

    boolean stateOk(int port) {
        return on(port, RedisCommands::clusterInfo).contains("cluster_state:ok");
    }

    /** Whether the node, a replica, has its replication link to its master up. */
    boolean replicationUp(int port) {
        return on(port, r -> r.info("replication")).contains("master_link_status:up");
    }

    /**
     * Polls {@code condition} every 100 ms until it holds; a condition that throws (a node that does not answer
     * yet) counts as not holding.
     *
     * @throws IllegalStateException when it still does not hold after {@code timeout}
     */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what, last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, TIMEOUT); // closes every connection
    }
}
