package io.seqline.testsupport.chaos;

import java.util.concurrent.atomic.AtomicLong;

/** What a {@link ChaosProxy} did so far. */
public final class ChaosStats {

    final AtomicLong connections = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong failovers = new AtomicLong();
    final AtomicLong cuts = new AtomicLong();
    final AtomicLong serverFrames = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();

    public long connections() {
        return connections.get();
    }

    /** Upgrades no gateway took. */
    public long refused() {
        return refused.get();
    }

    /** Upgrades that went to another gateway because their own refused the connection. */
    public long failovers() {
        return failovers.get();
    }

    public long cuts() {
        return cuts.get();
    }

    public long serverFrames() {
        return serverFrames.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long duplicated() {
        return duplicated.get();
    }

    @Override
    public String toString() {
        return "connections=" + connections + " refused=" + refused + " failovers=" + failovers + " cuts=" + cuts + " serverFrames=" + serverFrames
                + " dropped=" + dropped + " duplicated=" + duplicated;
    }
}
