package io.seqline.client.connection;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps a quiet socket alive and notices a dead one. The gateway closes a socket on which the client
 * sent nothing for its idle timeout (90 s by default), so a {@code ping} goes out when nothing was sent
 * for {@code interval}; a socket on which nothing at all arrived for {@code deadAfter} (pongs included)
 * is considered dead and is replaced.
 */
public final class Heartbeat {

    /** What {@link #check()} asks for. */
    public enum Action { NONE, PING, DEAD }

    private final Clock clock;
    private final Duration interval;
    private final Duration deadAfter;
    private long lastSent;
    private long lastReceived;

    public Heartbeat(Clock clock, Duration interval, Duration deadAfter) {
        if (deadAfter.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("deadAfter: " + deadAfter + " (expected: > interval " + interval + ")");
        }
        this.clock = clock;
        this.interval = interval;
        this.deadAfter = deadAfter;
    }

    /** A new socket: both directions count as just active. */
    public void connected() {
        lastSent = lastReceived = clock.millis();
    }

    public void sent() {
        lastSent = clock.millis();
    }

    public void received() {
        lastReceived = clock.millis();
    }

    public Action check() {
        long now = clock.millis();
        if (now - lastReceived >= deadAfter.toMillis()) {
            return Action.DEAD;
        }
        return now - lastSent >= interval.toMillis() ? Action.PING : Action.NONE;
    }
}
