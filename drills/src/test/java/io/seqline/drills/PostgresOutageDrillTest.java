package io.seqline.drills;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped for a while (10 s here; {@code -Dseqline.drill.postgresDown=30s} for the full drill):
 * live delivery goes on, history catches up from Kafka when it is back, nothing is lost.
 */
class PostgresOutageDrillTest extends DrillTest {

    @Test
    void postgresDownMidStream() {
        Duration down = Duration.parse("PT" + System.getProperty("seqline.drill.postgresDown", "10s").toUpperCase());
        drill("postgres-down-" + down.toSeconds() + "s", () -> {
            postgres.stopServer();
            keepSendingFor(down);
            postgres.startServer();
        }, Duration.ofSeconds(4));
    }
}
