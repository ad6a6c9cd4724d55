package io.seqline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Three masters with a replica each: a killed master's replica takes over its slots, and the killed node follows it. */
class EmbeddedRedisClusterTest {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisClusterTest.class);

    @TempDir
    Path dir;

    @Test
    void aKilledMastersReplicaTakesOverItsSlotsAndTheKilledNodeComesBackAsItsReplica() {
        List<String> keys = IntStream.range(0, 100).mapToObj(i -> "key-" + i).toList();
        List<Long> pids;
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(dir, 3, 1)) {
            assertThat(cluster.nodes()).hasSize(6).doesNotHaveDuplicates();
            RedisClusterClient client = RedisClusterClient.create(
                    cluster.nodes().stream().map(node -> RedisURI.create("redis://" + node)).toList());
            client.setOptions(ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers().enablePeriodicRefresh(Duration.ofSeconds(1)).build())
                    .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
                    .build());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                RedisAdvancedClusterCommands<String, String> redis = connection.sync();
                keys.forEach(key -> redis.set(key, "v-" + key));
                assertThat(keys).allSatisfy(key -> assertThat(redis.get(key)).isEqualTo("v-" + key));
                assertThat(keys.stream().map(cluster::masterOf).distinct()).as("the keys are spread over every master")
                        .containsExactlyInAnyOrderElementsOf(cluster.nodes().subList(0, 3));

                String key = keys.get(0);
                String oldMaster = cluster.masterOf(key);
                awaitReplicaCaughtUp(oldMaster);
                long killedAt = System.nanoTime();
                cluster.kill(oldMaster);
                String promoted = cluster.awaitFailover(oldMaster, Duration.ofSeconds(30));
                long failedOverAt = System.nanoTime();
                assertThat(cluster.nodes().indexOf(promoted)).as("a replica was promoted").isGreaterThanOrEqualTo(3);
                assertThat(cluster.masterOf(key)).isEqualTo(promoted);

                await("the client writes the key on its new master").atMost(Duration.ofSeconds(30))
                        .ignoreExceptions().until(() -> "OK".equals(redis.set(key, "after-failover")));
                log.info("failover of {} to {}: {} ms, first write on the new master after {} ms", oldMaster, promoted,
                        (failedOverAt - killedAt) / 1_000_000, (System.nanoTime() - killedAt) / 1_000_000);
                assertThat(redis.get(key)).isEqualTo("after-failover");
                assertThat(keys.stream().filter(k -> cluster.masterOf(k).equals(promoted)))
                        .as("the new master has every key the old one acknowledged before it was killed")
                        .hasSizeGreaterThan(1).allSatisfy(k -> assertThat(redis.get(k)).isIn("v-" + k, "after-failover"));

                cluster.restart(oldMaster);
                Partitions view = on(oldMaster, r -> ClusterPartitionParser.parse(r.clusterNodes()));
                RedisClusterNode myself = view.getPartitions().stream().filter(n -> n.is(NodeFlag.MYSELF)).findFirst().orElseThrow();
                assertThat(myself.getFlags()).as("the restarted node is a replica").contains(NodeFlag.REPLICA);
                assertThat(myself.getSlaveOf()).as("of the promoted node")
                        .isEqualTo(view.getPartition("127.0.0.1", port(promoted)).getNodeId());
                String copy = on(oldMaster, r -> {
                    r.readOnly();
                    return r.get(key);
                });
                assertThat(copy).as("the restarted node has the write made while it was down").isEqualTo("after-failover");
            } finally {
                client.shutdown();
            }
            pids = cluster.nodes().stream().map(cluster::pid).toList();
        }
        assertThat(pids).as("every redis-server is gone after close")
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    /** Waits until the replica of {@code master} has everything it has, so killing it loses no acknowledged write. */
    private static void awaitReplicaCaughtUp(String master) {
        await("the replica of " + master + " has caught up").atMost(Duration.ofSeconds(10)).until(() -> on(master, r -> {
            String info = r.info("replication");
            Matcher offset = Pattern.compile("master_repl_offset:(\\d+)").matcher(info);
            return offset.find() && info.contains("connected_slaves:1") && info.contains("offset=" + offset.group(1) + ",");
        }));
    }

    private static <T> T on(String node, Function<RedisCommands<String, String>, T> commands) {
        RedisClient client = RedisClient.create("redis://" + node);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return commands.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    private static int port(String node) {
        return Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
    }
}
