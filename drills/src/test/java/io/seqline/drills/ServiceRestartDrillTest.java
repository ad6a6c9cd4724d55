package io.seqline.drills;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.testsupport.chaos.ChaosProxy;
import io.seqline.testsupport.chaos.ChaosSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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
