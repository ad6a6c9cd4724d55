package io.seqline.bench;

import io.seqline.proto.v1.Message;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The correctness checker and latency recorder: every receiver of every line has a {@link Slot} that
 * sees that line's messages; each must arrive once, in order (seq strictly increasing, the sender's
 * numbers 1, 2, 3 … without going back). Latency is send → displayed at the receiver, in this JVM's
 * {@code nanoTime}, recorded in microseconds.
 */
final class Deliveries {

    /** What one receiver has seen of one line. Touched only by that receiver's thread. */
    final class Slot {
        private final int line;
        private long lastN;
        private long lastSeq;
        private final BitSet seen = new BitSet();

        Slot(int line) {
            this.line = line;
        }

        void onMessage(Message message) {
            if (onMessage(message.getSeq(), message.getContent().getText(), System.nanoTime())) {
                // the sequencer stamps serverTimeMs as it emits the message: the split of the total, in wall ms
                long millis = Math.max(0, System.currentTimeMillis() - message.getServerTimeMs());
                afterSequencer.recordValue(Math.min(millis * 1000, HIGHEST));
            }
        }

        /** Records one shown message; true when it was a bench message delivered for the first time. */
        boolean onMessage(long seq, String text, long now) {
            if (seq <= lastSeq) {
                // the SDK never shows a seq twice or backwards; if it did, that is a failure of the guarantee
                if (seq == lastSeq) {
                    duplicates.increment();
                } else {
                    orderViolations.increment();
                }
                return false;
            }
            lastSeq = seq;
            long[] p = Payload.parse(text);
            if (p == null || p[0] != line) {
                return false; // membership events and other non-bench messages: order checked by seq only
            }
            int n = (int) p[1];
            if (seen.get(n)) {
                duplicates.increment();
                return false;
            }
            seen.set(n);
            if (n < lastN) {
                orderViolations.increment();
            } else {
                lastN = n;
            }
            delivered.increment();
            long micros = Math.max(0, (now - p[2]) / 1000);
            recorder.recordValue(Math.min(micros, HIGHEST));
            timeline.incrementAndGet(second(now));
            return true;
        }
    }

    static final long HIGHEST = TimeUnit.MINUTES.toMicros(10);

    final LongAdder delivered = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder orderViolations = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final AtomicLong expected = new AtomicLong();
    private final Recorder recorder = new Recorder(HIGHEST, 3);
    /** Sequencer emitted → shown (wall clock, millisecond resolution): where the total splits. */
    private final Recorder afterSequencer = new Recorder(HIGHEST, 3);
    private Histogram afterSequencerTotal = new Histogram(HIGHEST, 3);
    private Histogram total = new Histogram(HIGHEST, 3);
    private final AtomicLongArray timeline = new AtomicLongArray(24 * 3600);
    private volatile long startNanos = System.nanoTime();

    Slot slot(int line) {
        return new Slot(line);
    }

    private int second(long now) {
        long s = (now - startNanos) / 1_000_000_000L;
        return (int) Math.max(0, Math.min(timeline.length() - 1, s));
    }

    /** Forgets the counts and latencies so far (after a warm-up); the slots keep their positions. */
    synchronized void reset() {
        delivered.reset();
        duplicates.reset();
        orderViolations.reset();
        skipped.reset();
        expected.set(0);
        recorder.reset();
        total = new Histogram(HIGHEST, 3);
        afterSequencer.reset();
        afterSequencerTotal = new Histogram(HIGHEST, 3);
        for (int i = 0; i < timeline.length(); i++) {
            timeline.set(i, 0);
        }
        startNanos = System.nanoTime();
    }

    /** The latencies recorded since the last call (also added to the total). */
    synchronized Histogram interval() {
        Histogram h = recorder.getIntervalHistogram();
        total.add(h);
        return h;
    }

    synchronized Histogram total() {
        interval();
        return total.copy();
    }

    /** Sequencer → shown latencies since the start (or the last reset). */
    synchronized Histogram afterSequencer() {
        afterSequencerTotal.add(afterSequencer.getIntervalHistogram());
        return afterSequencerTotal.copy();
    }

    long[] timeline(int seconds) {
        long[] out = new long[Math.max(0, Math.min(seconds, timeline.length()))];
        for (int i = 0; i < out.length; i++) {
            out[i] = timeline.get(i);
        }
        return out;
    }

    /** Waits until every expected delivery arrived, or nothing moved for {@code stall}. */
    boolean awaitAll(java.time.Duration stall, java.time.Duration max) {
        return awaitProgress(() -> delivered.sum() >= expected.get(), delivered::sum, stall, max);
    }

    /**
     * Waits until {@code finished}, giving up after {@code max} or when {@code progress} (any count that
     * grows while work arrives) has not moved for {@code stall}; answers whether it finished.
     */
    static boolean awaitProgress(java.util.function.BooleanSupplier finished, java.util.function.LongSupplier progress,
                                 java.time.Duration stall, java.time.Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long last = -1;
        long lastMove = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (finished.getAsBoolean()) {
                return true;
            }
            long now = progress.getAsLong();
            if (now != last) {
                last = now;
                lastMove = System.nanoTime();
            } else if (System.nanoTime() - lastMove > stall.toNanos()) {
                return false;
            }
            sleep(5);
        }
        return finished.getAsBoolean();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
