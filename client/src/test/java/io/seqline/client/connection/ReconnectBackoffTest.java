package io.seqline.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    private final ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(3),
            new SplittableRandom(7));

    @Test
    void delaysDoubleWithinTheUpperHalfOfEachStepUpToTheMax() {
        List<Duration> delays = IntStream.range(0, 8).mapToObj(i -> backoff.next()).toList();
        long[] ceilings = {100, 200, 400, 800, 1600, 3000, 3000, 3000};
        for (int i = 0; i < ceilings.length; i++) {
            assertThat(delays.get(i).toMillis()).as("attempt %d", i).isBetween(ceilings[i] / 2, ceilings[i]);
        }
    }

    @Test
    void resetStartsOverFromTheInitialDelay() {
        for (int i = 0; i < 5; i++) {
            backoff.next();
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
        assertThat(backoff.attempts()).isEqualTo(1);
    }

    @Test
    void clientsCutOffTogetherDoNotComeBackTogether() {
        Set<Long> firstDelays = new HashSet<>();
        for (int client = 0; client < 20; client++) {
            firstDelays.add(new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(client))
                    .next().toMillis());
        }
        assertThat(firstDelays).hasSizeGreaterThan(15);
    }

    @Test
    void aMaxBelowTheInitialDelayIsRefused() {
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()))
                .hasMessageContaining("expected: 0 < initial <= max");
    }
}
