package io.seqline.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Redis flushed, then Redis restarted empty: seqs continue above every seq issued, delivery resumes. */
class RedisLossDrillTest extends DrillTest {

    @Test
    void redisFlushedMidStream() {
        DrillVerdict verdict = drill("redis-flushall", redis::flushAll, Duration.ofSeconds(5));
        assertThat(verdict.lost()).isZero();
    }

    @Test
    void redisRestartedEmptyMidStream() {
        DrillVerdict verdict = drill("redis-restart-empty", redis::restartEmpty, Duration.ofSeconds(6));
        assertThat(verdict.lost()).isZero();
    }
}
