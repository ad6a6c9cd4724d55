package io.seqline.client.ordering;

import io.seqline.client.time.Scheduler;
import io.seqline.proto.v1.ServerFrame;
import java.time.Duration;

/**
 * Keeps asking history for a conversation's late seqs (see {@link ReorderBuffer#moveOnThrough}), which
 * the gap timer gave up on while history was behind — PostgreSQL down, history restarting. It syncs from
 * the lowest late seq, slowly: first after the gap timer's next backoff step, then doubling up to 30 s,
 * and at once after every (re)connect. A reply brings the late messages that exist and confirms the
 * others as holes; a full page is followed by the next one at once. Stops when nothing is late.
 */
final class LateFill {

    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final String conversationId;
    private final ReorderBuffer buffer;
    private final GapPolicy policy;
    private final Scheduler scheduler;
    private final SyncIssuer issuer;
    private Scheduler.Task timer;
    private String awaited;
    private int failures;

    LateFill(String conversationId, ReorderBuffer buffer, GapPolicy policy, Scheduler scheduler, SyncIssuer issuer) {
        this.conversationId = conversationId;
        this.buffer = buffer;
        this.policy = policy;
        this.scheduler = scheduler;
        this.issuer = issuer;
    }

    /** After every change of the late seqs: waits to ask again while some are left, stands down when none are. */
    void changed() {
        if (!buffer.hasLate()) {
            cancelTimer();
            awaited = null;
            failures = 0;
        } else if (awaited == null && timer == null) {
            timer = scheduler.schedule(waitBeforeNext(), this::fire);
        }
    }

    /** After a (re)connect: asks at once. */
    void catchUp() {
        if (buffer.hasLate() && awaited == null) {
            cancelTimer();
            issue();
        }
    }

    void disconnected() {
        cancelTimer();
        awaited = null;
    }

    /** A sync reply for the conversation, after the line applied it. */
    void onSyncResult(String requestId, long afterSeq, ServerFrame.SyncResult result) {
        if (requestId == null || !requestId.equals(awaited)) {
            changed();
            return;
        }
        awaited = null;
        cancelTimer();
        if (buffer.hasLate() && result.getThroughSeq() > afterSeq && buffer.lowestLate() > result.getThroughSeq()) {
            failures = 0;
            issue(); // history has more: the next page
            return;
        }
        if (buffer.hasLate()) {
            failures++;
        }
        changed();
    }

    /** True while a sync of this fill is unanswered. */
    boolean awaitingReply() {
        return awaited != null;
    }

    private void fire() {
        timer = null;
        if (awaited == null && buffer.hasLate()) {
            issue();
        }
    }

    private void issue() {
        String requestId = issuer.sync(conversationId, buffer.lowestLate() - 1, policy.syncLimit());
        if (requestId == null) {
            return; // offline: the reconnect catches up
        }
        awaited = requestId;
        timer = scheduler.schedule(policy.replyTimeout(), () -> {
            timer = null;
            awaited = null;
            failures++;
            changed();
        });
    }

    private Duration waitBeforeNext() {
        Duration wait = policy.backoff(policy.retries() + 1 + Math.min(failures, 16));
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
