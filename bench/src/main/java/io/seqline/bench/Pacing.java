package io.seqline.bench;

import java.util.concurrent.locks.LockSupport;

/** Open-loop pacing without spinning: the load generator shares the machine with what it measures. */
final class Pacing {

    private Pacing() {
    }

    /** Parks until {@code deadlineNanos} ({@code System.nanoTime()}), but at least {@code minParkNanos}. */
    static void sleepUntil(long deadlineNanos, long minParkNanos) {
        long wait = deadlineNanos - System.nanoTime();
        if (wait < minParkNanos) {
            wait = minParkNanos;
        }
        while (wait > 0) {
            LockSupport.parkNanos(wait);
            wait = deadlineNanos - System.nanoTime();
        }
    }
}
