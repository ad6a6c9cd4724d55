package io.seqline.client.time;

import java.time.Duration;

/**
 * Runs tasks later, on the client's single event-loop thread. Injected so tests drive time by hand
 * (together with a {@link java.time.Clock} that agrees with it).
 */
public interface Scheduler {

    /** A task that may still be cancelled. */
    interface Task {
        /** Does nothing when the task already ran. */
        void cancel();
    }

    Task schedule(Duration delay, Runnable task);
}
