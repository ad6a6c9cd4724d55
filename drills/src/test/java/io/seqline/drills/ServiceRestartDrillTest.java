package io.seqline.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.testsupport.RedisReplicas;
import io.seqline.testsupport.chaos.ChaosProxy;
import io.seqline.testsupport.chaos.ChaosSettings;
import io.seqline.testsupport.chaos.PausableProxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Services stopped and started again mid-stream: they resume from committed offsets. */
class ServiceRestartDrillTest extends DrillTest {

    @Test
    void sequencerReplacedMidBatchThenRestarted() {
        drill("sequencer-handover", () -> {
            // a second sequencer joins: partitions move; what the first had decided but not committed is read
            // again by the new owner, which gets the same outcomes and re-emits the same messages
            ConfigurableApplicationContext extra = cluster.startExtraSequencer();
            keepSendingFor(Duration.ofSeconds(2));
            cluster.stop(cluster.sequencer());
            keepSendingFor(Duration.ofSeconds(2));
            cluster.startSequencer();
            cluster.stop(extra);
        }, Duration.ofSeconds(5));
    }

    /**
     * A sequencer frozen mid-batch (as by SIGSTOP or a long GC pause: its Redis steps are held, its poll thread
     * waits) is evicted from the group; another takes its partitions and re-reads its batch. When the frozen
     * one wakes, its held steps reach Redis with its old owner epoch and are refused, so it issues and
     * publishes nothing: no seq is issued twice.
     */
    @Test
    void sequencerPausedWhileAnotherTakesItsPartitionsIsFencedWhenItWakes() {
        try (PausableProxy link = PausableProxy.start(RedisReplicas.address(redis.url()))) {
            drill("sequencer-paused-fenced", () -> {
                ConfigurableApplicationContext frozen = cluster.startExtraSequencer(Map.of(
                        "spring.data.redis.url", "redis://127.0.0.1:" + link.port(),
                        // held Redis calls wait instead of failing the batch, so the poll thread stays stuck
                        "spring.data.redis.timeout", "120s",
                        // and the group evicts it after this long without a poll
                        "spring.kafka.consumer.properties.max.poll.interval.ms", 8000));
                cluster.stop(cluster.sequencer()); // the one to freeze owns every partition
                keepSendingFor(Duration.ofSeconds(1));
                link.pause();
                cluster.startSequencer();
                await("the new sequencer sequences the frozen one's partitions once the group evicts it")
                        .atMost(Duration.ofSeconds(60)).until(() -> meter(cluster.sequencer(), "seqline.sequencer.batch") > 0);
                keepSendingFor(Duration.ofSeconds(1));
                link.resume(); // the frozen one wakes with its old epoch and its held batch
                await("the woken sequencer's held batch is refused")
                        .atMost(Duration.ofSeconds(60)).until(() -> meter(frozen, "seqline.sequencer.fenced") > 0);
                keepSendingFor(Duration.ofSeconds(2));
                cluster.stop(frozen);
            }, Duration.ofSeconds(4));
        }
    }

    @Test
    void routingAndHistoryKilledAndRestarted() {
        drill("routing-history-restart", () -> {
            cluster.stop(cluster.routing());
            cluster.stop(cluster.history());
            keepSendingFor(Duration.ofSeconds(3));
            cluster.startHistory();
            cluster.startRouting();
        }, Duration.ofSeconds(6));
    }

    @Test
    void gatewayKilledClientsMoveToTheOtherGateway() {
        // clients reach the gateways through a load balancer (a calm proxy that fails over), as in production
        try (ChaosProxy balancer = ChaosProxy.start(ChaosSettings.calm(1), List.of(
                new InetSocketAddress("127.0.0.1", cluster.gatewayClientPort(0)),
                new InetSocketAddress("127.0.0.1", cluster.gatewayClientPort(1))))) {
            drill("gateway-killed-failover", URI.create("ws://127.0.0.1:" + balancer.port()), () -> {
                cluster.killGateway(0);
                keepSendingFor(Duration.ofSeconds(4));
                cluster.startGateway(0);
            }, Duration.ofSeconds(6));
            assertThat(balancer.stats().failovers()).as("clients of the stopped gateway moved").isPositive();
        }
    }

    @Test
    void rollingUpdateOfBothGatewaysDrainsClientsWithoutLoss() {
        try (ChaosProxy balancer = ChaosProxy.start(ChaosSettings.calm(2), List.of(
                new InetSocketAddress("127.0.0.1", cluster.gatewayClientPort(0)),
                new InetSocketAddress("127.0.0.1", cluster.gatewayClientPort(1))))) {
            drill("gateway-rolling-update", URI.create("ws://127.0.0.1:" + balancer.port()), () -> {
                for (int gateway = 0; gateway < 2; gateway++) {
                    cluster.stopGateway(gateway); // drains: clients are told to reconnect elsewhere
                    cluster.startGateway(gateway);
                    keepSendingFor(Duration.ofSeconds(2));
                }
            }, Duration.ofSeconds(4));
            assertThat(balancer.stats().failovers()).as("drained clients moved").isPositive();
        }
    }

    @Test
    void gatewayStoppedAndBack() {
        drill("gateway-restart", () -> {
            cluster.stopGateway(0);
            keepSendingFor(Duration.ofSeconds(2));
            cluster.startGateway(0);
        }, Duration.ofSeconds(6));
    }
}
