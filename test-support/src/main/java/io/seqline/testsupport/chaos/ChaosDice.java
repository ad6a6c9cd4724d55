package io.seqline.testsupport.chaos;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The decisions for one proxied connection, a pure function of the seed and a key naming the connection
 * (device id and how many connections that device opened before), so a run's chaos replays from its seed
 * whatever the order in which clients connect. Which frame meets which decision still depends on timing.
 */
public final class ChaosDice {

    /** What happens to one server frame: dropped, or delivered after {@code delay} and maybe again after {@code duplicateDelay}. */
    public record FrameFate(boolean drop, Duration delay, Duration duplicateDelay) {

        public boolean duplicate() {
            return duplicateDelay != null;
        }
    }

    private final ChaosSettings settings;
    private final SplittableRandom random;

    public ChaosDice(ChaosSettings settings, String connectionKey) {
        this.settings = settings;
        this.random = new SplittableRandom(mix(settings.seed(), connectionKey));
    }

    public synchronized FrameFate nextServerFrame() {
        double roll = random.nextDouble();
        Duration delay = delay();
        if (roll < settings.dropRate()) {
            return new FrameFate(true, Duration.ZERO, null);
        }
        if (roll < settings.dropRate() + settings.duplicateRate()) {
            return new FrameFate(false, delay, delay());
        }
        return new FrameFate(false, delay, null);
    }

    /** How long the connection lives before it is cut; null when it is never cut. */
    public synchronized Duration lifetime() {
        long mean = settings.meanLifetime().toMillis();
        return mean == 0 ? null : Duration.ofMillis(mean / 2 + random.nextLong(mean + 1));
    }

    private Duration delay() {
        long max = settings.maxDelay().toNanos();
        return max == 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(max));
    }

    private static long mix(long seed, String key) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001B3L;
        }
        return h ^ (h >>> 31);
    }
}
