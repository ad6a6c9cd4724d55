package io.seqline.client.engine;

import io.seqline.client.ConnectionLostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Requests waiting for their answer, by request id. A sync also remembers its conversation and
 * {@code afterSeq}: the holes of a sync reply are only meaningful relative to the range asked for.
 */
final class PendingRequests {

    /** One request; {@code handler} is null for the gap timers' syncs, which keep their own time. */
    record Entry(String conversationId, long afterSeq, ReplyHandler handler, long deadlineMillis) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Clock clock;
    private final Duration timeout;

    PendingRequests(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    void add(String requestId, String conversationId, long afterSeq, ReplyHandler handler) {
        entries.put(requestId, new Entry(conversationId, afterSeq, handler, clock.millis() + timeout.toMillis()));
    }

    /** Removes and returns the request, or null when it is not (or no longer) waiting. */
    Entry take(String requestId) {
        return requestId.isEmpty() ? null : entries.remove(requestId);
    }

    /** Fails the requests whose time is up (with a {@link TimeoutException} as the cause). */
    void expire() {
        long now = clock.millis();
        List<Entry> expired = new ArrayList<>();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.deadlineMillis() <= now) {
                it.remove();
                expired.add(entry);
            }
        }
        expired.forEach(entry -> fail(entry, new CompletionException(new TimeoutException("no answer within " + timeout))));
    }

    /** The connection is gone: no answer will come. */
    void failAll(String reason) {
        List<Entry> all = new ArrayList<>(entries.values());
        entries.clear();
        all.forEach(entry -> fail(entry, new ConnectionLostException(reason)));
    }

    int size() {
        return entries.size();
    }

    private static void fail(Entry entry, RuntimeException error) {
        if (entry.handler() != null) {
            entry.handler().onFailure(error);
        }
    }
}
