package io.seqline.testsupport.chaos;

import java.time.Duration;

/**
 * What the {@link ChaosProxy} does to the frames from server to client and to the connections.
 *
 * @param seed           every decision derives from it (print it; pass it again to replay)
 * @param dropRate       share of server frames dropped
 * @param duplicateRate  share of server frames delivered twice
 * @param maxDelay       each server frame is held for a uniform delay in [0, maxDelay): frames closer in
 *                       time than that are reordered
 * @param meanLifetime   connections are cut after a uniform lifetime in [mean/2, 3*mean/2]; zero = never
 */
public record ChaosSettings(long seed, double dropRate, double duplicateRate, Duration maxDelay, Duration meanLifetime) {

    public ChaosSettings {
        if (dropRate < 0 || dropRate >= 1 || duplicateRate < 0 || duplicateRate >= 1) {
            throw new IllegalArgumentException("rates must be in [0, 1): drop " + dropRate + ", duplicate " + duplicateRate);
        }
        if (maxDelay.isNegative() || meanLifetime.isNegative()) {
            throw new IllegalArgumentException("durations must be >= 0");
        }
    }

    /** 5 % drops, 5 % duplicates, reordering within 200 ms, a cut about every 2 s. */
    public static ChaosSettings standard(long seed) {
        return new ChaosSettings(seed, 0.05, 0.05, Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /** Frames pass unchanged and connections live on. */
    public static ChaosSettings calm(long seed) {
        return new ChaosSettings(seed, 0, 0, Duration.ZERO, Duration.ZERO);
    }
}
