package io.seqline.drills;

import io.seqline.common.redis.RedisKeys;
import io.seqline.embedded.EmbeddedRedisCluster;
import io.seqline.standalone.ClusterSettings;
import io.seqline.testsupport.RedisClusterExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The services on a Redis Cluster of three masters with a replica each, through Spring Data Redis
 * ({@code spring.data.redis.cluster.nodes}), the sequencer waiting for one replica ({@code WAIT}) before it
 * publishes. The master holding a drill conversation's seq is killed (SIGKILL) while traffic flows; the
 * cluster promotes its replica, the clients of Lettuce follow, and the killed node comes back as a replica.
 * No seq the promoted replica lacks was ever published, so none is issued twice.
 */
class RedisClusterFailoverDrillTest extends DrillTest {

    @RegisterExtension
    static final RedisClusterExtension redisCluster = new RedisClusterExtension();

    @Override
    String redisUrl() {
        return "redis://" + redisCluster.nodes().get(0); // not used: cluster.nodes wins
    }

    @Override
    ClusterSettings clusterSettings() {
        return super.clusterSettings().with(Map.of(
                "spring.data.redis.cluster.nodes", redisCluster.seedNodes(),
                "seqline.sequencer.redis-wait-replicas", 1));
    }

    @Test
    void theMasterOfABusyConversationKilledAndItsReplicaPromoted() {
        drill("redis-cluster-failover", () -> {
            EmbeddedRedisCluster nodes = redisCluster.cluster();
            String conversation = traffic().lines().get(0).conversationId;
            String master = nodes.masterOf(RedisKeys.seq(conversation));
            System.out.println("drill: redis-cluster-failover kills master " + master);
            nodes.kill(master);
            String promoted = nodes.awaitFailover(master, Duration.ofSeconds(30));
            System.out.println("drill: redis-cluster-failover promoted " + promoted);
            keepSendingFor(Duration.ofSeconds(2));
            nodes.restart(master); // back as the promoted one's replica: WAIT is satisfied again
        }, Duration.ofSeconds(8));
    }
}
