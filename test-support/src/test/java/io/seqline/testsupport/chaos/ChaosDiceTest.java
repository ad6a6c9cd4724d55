package io.seqline.testsupport.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChaosDiceTest {

    private static List<ChaosDice.FrameFate> fates(long seed, String key, int n) {
        ChaosDice dice = new ChaosDice(ChaosSettings.standard(seed), key);
        return IntStream.range(0, n).mapToObj(i -> dice.nextServerFrame()).toList();
    }

    @Test
    void theSameSeedAndConnectionGiveTheSameDecisions() {
        assertThat(fates(42, "dev-1#3", 500)).isEqualTo(fates(42, "dev-1#3", 500));
        assertThat(fates(42, "dev-1#3", 500)).isNotEqualTo(fates(43, "dev-1#3", 500));
        assertThat(fates(42, "dev-1#3", 500)).isNotEqualTo(fates(42, "dev-1#4", 500));
    }

    @Test
    void dropsAndDuplicatesComeAtTheirRatesAndDelaysStayBelowTheMax() {
        List<ChaosDice.FrameFate> fates = fates(7, "d#1", 100_000);
        long drops = fates.stream().filter(ChaosDice.FrameFate::drop).count();
        long duplicates = fates.stream().filter(ChaosDice.FrameFate::duplicate).count();
        assertThat(drops).isBetween(4_500L, 5_500L);
        assertThat(duplicates).isBetween(4_500L, 5_500L);
        assertThat(fates).allSatisfy(f -> assertThat(f.delay()).isLessThan(Duration.ofMillis(200)));
    }

    @Test
    void lifetimesSpreadAroundTheMeanAndCalmMeansNoCut() {
        ChaosDice dice = new ChaosDice(ChaosSettings.standard(1), "d#1");
        for (int i = 0; i < 1000; i++) {
            assertThat(dice.lifetime()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
        }
        assertThat(new ChaosDice(ChaosSettings.calm(1), "d#1").lifetime()).isNull();
        assertThat(new ChaosDice(ChaosSettings.calm(1), "d#1").nextServerFrame())
                .isEqualTo(new ChaosDice.FrameFate(false, Duration.ZERO, null));
    }
}
