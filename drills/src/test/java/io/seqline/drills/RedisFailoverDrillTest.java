package io.seqline.drills;

import io.lettuce.core.api.sync.RedisCommands;
import io.seqline.embedded.EmbeddedRedis;
import io.seqline.standalone.ClusterSettings;
import io.seqline.testsupport.RedisReplicas;
import io.seqline.testsupport.chaos.PausableProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Redis fails over, while traffic flows, to a replica that missed the primary's last writes: its replication
 * link is cut first, as an asynchronous replica falls behind. The services reach Redis through one address
 * that moves to the promoted replica, and the old primary comes back as its replica. With
 * {@code seqline.sequencer.redis-wait-replicas} 1 every batch whose writes the replica lacks failed its
 * {@code WAIT} and published nothing, so no seq is issued twice. {@code -Dseqline.drill.redisWaitReplicas=0}
 * runs the same drill without the wait, to see what it prevents.
 */
class RedisFailoverDrillTest extends DrillTest {

    private static final int WAIT_REPLICAS = Integer.getInteger("seqline.drill.redisWaitReplicas", 1);

    private PausableProxy front;
    private PausableProxy replication;
    private EmbeddedRedis replica;

    /** The services reach the primary through {@code front}; a replica follows it through {@code replication}. */
    @Override
    String redisUrl() {
        InetSocketAddress primary = RedisReplicas.address(redis.url());
        front = PausableProxy.start(primary);
        replication = PausableProxy.start(primary);
        try {
            replica = RedisReplicas.following("127.0.0.1", replication.port(), Files.createTempDirectory("seqline-drill-replica"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "redis://127.0.0.1:" + front.port();
    }

    @Override
    ClusterSettings clusterSettings() {
        return super.clusterSettings().with(Map.of("seqline.sequencer.redis-wait-replicas", WAIT_REPLICAS,
                "seqline.sequencer.redis-wait-timeout", "500ms"));
    }

    @Override
    void stopOwnInfrastructure() {
        front.close();
        replication.close();
        replica.close();
        RedisReplicas.run(redis.url(), RedisCommands::replicaofNoOne); // the shared server is a primary again
    }

    @Test
    void redisFailsOverToAReplicaThatMissedTheLastWrites() {
        drill("redis-lost-writes", () -> {
            replication.pause(); // from here on the primary's writes do not reach the replica
            keepSendingFor(Duration.ofSeconds(1));
            String promoted = replica.url();
            RedisReplicas.run(promoted, RedisCommands::replicaofNoOne);
            front.retarget(RedisReplicas.address(promoted));
            // the old primary rejoins as a replica of the new one, dropping the writes only it had
            RedisReplicas.run(redis.url(), r -> r.replicaof("127.0.0.1", replica.port()));
            keepSendingFor(Duration.ofSeconds(3));
        }, Duration.ofSeconds(5));
    }
}
