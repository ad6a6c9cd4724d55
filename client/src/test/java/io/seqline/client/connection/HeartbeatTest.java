package io.seqline.client.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.client.time.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    private final ManualScheduler time = new ManualScheduler();
    private final Heartbeat heartbeat = new Heartbeat(time.clock(), Duration.ofSeconds(25), Duration.ofSeconds(60));

    @Test
    void aPingGoesOutWhenNothingWasSentForTheInterval() {
        heartbeat.connected();
        time.advance(Duration.ofSeconds(24));
        assertThat(heartbeat.check()).isEqualTo(Heartbeat.Action.NONE);
        time.advance(Duration.ofSeconds(1));
        assertThat(heartbeat.check()).isEqualTo(Heartbeat.Action.PING);
        heartbeat.sent();
        assertThat(heartbeat.check()).isEqualTo(Heartbeat.Action.NONE);
    }

    @Test
    void sendingKeepsTheSocketAliveWithoutPings() {
        heartbeat.connected();
        for (int i = 0; i < 5; i++) {
            time.advance(Duration.ofSeconds(10));
            heartbeat.sent();
            heartbeat.received();
            assertThat(heartbeat.check()).isEqualTo(Heartbeat.Action.NONE);
        }
    }

    @Test
    void aSocketOnWhichNothingArrivesForDeadAfterIsDeadEvenWhilePinging() {
        heartbeat.connected();
        for (int i = 0; i < 5; i++) {
            time.advance(Duration.ofSeconds(11));
            heartbeat.sent();
        }
        assertThat(heartbeat.check()).isEqualTo(Heartbeat.Action.NONE);
        time.advance(Duration.ofSeconds(5));
        assertThat(heartbeat.check()).isEqualTo(Heartbeat.Action.DEAD);
        heartbeat.received();
        assertThat(heartbeat.check()).isNotEqualTo(Heartbeat.Action.DEAD);
    }
}
