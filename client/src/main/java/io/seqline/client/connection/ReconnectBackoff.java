package io.seqline.client.connection;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code initial} up to {@code max}, each drawn uniformly from the
 * upper half of its step ("equal jitter"), so that many clients cut off at the same moment do not come
 * back at the same moment. {@link #reset()} once a connection has proven itself.
 */
public final class ReconnectBackoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private int attempt;

    public ReconnectBackoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: initial " + initial + ", max " + max
                    + " (expected: 0 < initial <= max)");
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next attempt. */
    public Duration next() {
        long ceiling = step(attempt);
        attempt = Math.min(attempt + 1, 62);
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    public void reset() {
        attempt = 0;
    }

    /** Attempts since the last reset. */
    public int attempts() {
        return attempt;
    }

    private long step(int n) {
        long nanos = initial.toNanos();
        for (int i = 0; i < n && nanos < max.toNanos(); i++) {
            nanos *= 2;
        }
        return Math.min(nanos, max.toNanos());
    }
}
