package io.seqline.drills;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Kafka broker restarted: producers retry, unacknowledged batches are read again, nothing lost or doubled. */
class KafkaRestartDrillTest extends DrillTest {

    @Test
    void kafkaBrokerRestartedMidStream() {
        drill("kafka-broker-restart", () -> {
            kafka.stopBroker();
            keepSendingFor(Duration.ofSeconds(3));
            kafka.startBroker();
        }, Duration.ofSeconds(8));
    }
}
