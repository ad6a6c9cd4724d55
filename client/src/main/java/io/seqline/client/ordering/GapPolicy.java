package io.seqline.client.ordering;

import java.time.Duration;

/**
 * How a conversation fills a gap (see docs/architecture.md#receivers).
 *
 * @param delay             how long a gap may stand before the first {@code sync} (default 300 ms): most
 *                          gaps are reorderings that close by themselves within it
 * @param retries           syncs repeated, with backoff, while history has not caught up (default 3);
 *                          after them the client asks once more, then moves on past the gap
 * @param backoffMultiplier the wait before retry n is {@code delay * multiplier^n} (default 2)
 * @param replyTimeout      a sync without reply after this counts as a failed try (default 2 s)
 * @param syncLimit         messages asked for per sync (default 100, server max 500)
 */
public record GapPolicy(Duration delay, int retries, double backoffMultiplier, Duration replyTimeout, int syncLimit) {

    public static final GapPolicy DEFAULT = new GapPolicy(Duration.ofMillis(300), 3, 2.0, Duration.ofSeconds(2), 100);

    public GapPolicy {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: > 0)");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries: " + retries + " (expected: >= 0)");
        }
        if (backoffMultiplier < 1) {
            throw new IllegalArgumentException("backoffMultiplier: " + backoffMultiplier + " (expected: >= 1)");
        }
        if (replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw new IllegalArgumentException("replyTimeout: " + replyTimeout + " (expected: > 0)");
        }
        if (syncLimit < 1 || syncLimit > 500) {
            throw new IllegalArgumentException("syncLimit: " + syncLimit + " (expected: 1..500)");
        }
    }

    /** The wait before retry {@code n} (1-based). */
    public Duration backoff(int n) {
        return Duration.ofNanos((long) (delay.toNanos() * Math.pow(backoffMultiplier, n)));
    }
}
