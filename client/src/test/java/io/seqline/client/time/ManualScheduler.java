package io.seqline.client.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** Time that moves only when a test says so: a {@link Scheduler} and the {@link Clock} that agrees with it. */
public final class ManualScheduler implements Scheduler {

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long nowNanos;
    private long order;

    private final class Entry implements Comparable<Entry>, Task {
        final long dueNanos;
        final long seq = order++;
        final Runnable task;
        boolean cancelled;

        Entry(long dueNanos, Runnable task) {
            this.dueNanos = dueNanos;
            this.task = task;
        }

        @Override
        public int compareTo(Entry other) {
            int byTime = Long.compare(dueNanos, other.dueNanos);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public Task schedule(Duration delay, Runnable task) {
        Entry entry = new Entry(nowNanos + delay.toNanos(), task);
        queue.add(entry);
        return entry;
    }

    /** Moves time forward by {@code duration}, running every task that falls due on the way, in order. */
    public void advance(Duration duration) {
        long until = nowNanos + duration.toNanos();
        Entry next;
        while ((next = queue.peek()) != null && next.dueNanos <= until) {
            queue.poll();
            nowNanos = Math.max(nowNanos, next.dueNanos);
            if (!next.cancelled) {
                next.task.run();
            }
        }
        nowNanos = until;
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** Tasks waiting, cancelled ones excluded. */
    public long pending() {
        return queue.stream().filter(e -> !e.cancelled).count();
    }

    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(0, nowNanos);
            }
        };
    }
}
