package io.seqline.drills;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.standalone.ClusterSettings;
import io.seqline.testsupport.RedisClusterExtension;
import io.seqline.testsupport.chaos.ChaosProxy;
import io.seqline.testsupport.chaos.ChaosSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Seqline spread out as in production: three Kafka brokers (every topic with three copies), a Redis Cluster of
 * three masters with a replica each, and three gateways, two sequencers, two routing and two history instances.
 * The SDK clients reach the gateways through the chaos proxy (frames dropped, duplicated and reordered,
 * connections cut), spread over the three by device. Every instance must have done its share of the work, and
 * every message must be logged once, in order, and shown as logged.
 */
class ScaleDrillTest extends ThreeBrokerDrillTest {

    @RegisterExtension
    static final RedisClusterExtension redisCluster = new RedisClusterExtension();

    @Override
    String redisUrl() {
        return "redis://" + redisCluster.nodes().get(0); // not used: cluster.nodes wins
    }

    @Override
    int gateways() {
        return 3;
    }

    @Override
    ClusterSettings clusterSettings() {
        return super.clusterSettings().with(Map.of(
                "spring.data.redis.cluster.nodes", redisCluster.seedNodes(),
                "seqline.sequencer.redis-wait-replicas", 1));
    }

    @Test
    void threeGatewaysTwoOfEveryOtherServiceOnClustersUnderChaos() {
        ConfigurableApplicationContext sequencer = cluster.startExtraSequencer();
        ConfigurableApplicationContext router = cluster.startExtraRouting();
        ConfigurableApplicationContext history = cluster.startExtraHistory();
        List<InetSocketAddress> gateways = IntStream.range(0, cluster.gatewayCount())
                .mapToObj(i -> new InetSocketAddress("127.0.0.1", cluster.gatewayClientPort(i))).toList();
        try (ChaosProxy proxy = ChaosProxy.start(ChaosSettings.standard(16), gateways)) {
            // 12 conversations over 12 partitions: each instance of a pair owns about half, so every one has work
            DrillVerdict verdict = drill("scale", URI.create("ws://127.0.0.1:" + proxy.port()),
                    () -> keepSendingFor(Duration.ofSeconds(4)), Duration.ofSeconds(4), 12);
            assertThat(proxy.stats().dropped()).as("the proxy dropped frames").isPositive();
            for (var pair : List.of(Map.entry(cluster.sequencer(), "seqline.sequencer.sends"),
                    Map.entry(sequencer, "seqline.sequencer.sends"), Map.entry(cluster.routing(), "seqline.routing.messages"),
                    Map.entry(router, "seqline.routing.messages"), Map.entry(cluster.history(), "seqline.history.stored"),
                    Map.entry(history, "seqline.history.stored"))) {
                assertThat(meter(pair.getKey(), pair.getValue())).as(pair.getValue() + " of each instance").isPositive();
            }
            for (int i = 0; i < cluster.gatewayCount(); i++) {
                assertThat(meter(cluster.gateway(i), "seqline.gateway.published")).as("sends published by gateway " + i)
                        .isPositive();
            }
            System.out.printf("scale: gateways=%d sequencers=2 routers=2 histories=2 messages=%d lost=%d duplicates=%d "
                            + "orderViolations=%d%n", cluster.gatewayCount(), verdict.messages(), verdict.lost(),
                    verdict.duplicates(), verdict.orderViolations());
        } finally {
            cluster.stop(sequencer);
            cluster.stop(router);
            cluster.stop(history);
        }
    }
}
