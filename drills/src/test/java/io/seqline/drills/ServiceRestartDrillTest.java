package io.seqline.drills;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Services stopped and started again mid-stream: they resume from committed offsets. */
class ServiceRestartDrillTest extends DrillTest {

    @Test
    void sequencerReplacedMidTransactionThenRestarted() {
        drill("sequencer-handover", () -> {
            // a second sequencer joins: partitions move, in-flight transactions of the first are fenced
            ConfigurableApplicationContext extra = cluster.startExtraSequencer();
            pause(Duration.ofSeconds(2));
            cluster.stop(cluster.sequencer());
            pause(Duration.ofSeconds(2));
            cluster.startSequencer();
            cluster.stop(extra);
        }, Duration.ofSeconds(5));
    }

    @Test
    void routingAndHistoryKilledAndRestarted() {
        drill("routing-history-restart", () -> {
            cluster.stop(cluster.routing());
            cluster.stop(cluster.history());
            pause(Duration.ofSeconds(3));
            cluster.startHistory();
            cluster.startRouting();
        }, Duration.ofSeconds(6));
    }

    @Test
    void gatewayStoppedAndBack() {
        drill("gateway-restart", () -> {
            cluster.stopGateway(0);
            pause(Duration.ofSeconds(2));
            cluster.startGateway(0);
        }, Duration.ofSeconds(6));
    }
}
