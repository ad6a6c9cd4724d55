package io.seqline.client.ordering;

import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.ServerFrame;
import io.seqline.client.time.Scheduler;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fills the gaps of one conversation's {@link ReorderBuffer} from history (see docs/architecture.md#receivers).
 *
 * <p>A gap that stands for {@link GapPolicy#delay()} makes it send {@code sync {afterSeq: nextSeq-1}}.
 * The reply's messages go into the buffer, and every seq up to {@code throughSeq} that is neither in
 * the reply nor buffered is a hole and is skipped. History never reports a {@code throughSeq} past what
 * it has stored, so a reply that moves nothing means history is behind the live path: the sync is
 * repeated after {@code delay * multiplier^n} up to {@link GapPolicy#retries()} times; then the client
 * asks once more and moves on to the next message it holds; the seqs it moved past stay late (see
 * {@link ReorderBuffer#moveOnThrough}), and one that arrives later goes to {@link LineListener#onLate}.
 * A reply that moves {@code nextSeq} but
 * leaves a gap (a full page) is followed by the next sync at once. A missing reply counts as a failed
 * try. Replies to requests the timer is not waiting for (an app's own sync, a late reply) still
 * deliver their messages; their holes count only when their range starts at or before {@code nextSeq}.
 */
public final class GapTimer {

    private final String conversationId;
    private final ReorderBuffer buffer;
    private final GapPolicy policy;
    private final Scheduler scheduler;
    private final SyncIssuer issuer;
    private final Consumer<List<Message>> display;
    private final LineListener listener;
    private Scheduler.Task timer;
    private String awaited;
    private int failures;
    private boolean lastChance;

    public GapTimer(String conversationId, ReorderBuffer buffer, GapPolicy policy, Scheduler scheduler,
                    SyncIssuer issuer, Consumer<List<Message>> display, LineListener listener) {
        this.conversationId = conversationId;
        this.buffer = buffer;
        this.policy = policy;
        this.scheduler = scheduler;
        this.issuer = issuer;
        this.display = display;
        this.listener = listener;
    }

    /** Call after every change of the buffer: arms the timer for a new gap, stands down when none is left. */
    public void changed() {
        if (!buffer.hasGap()) {
            reset();
            return;
        }
        if (awaited == null && timer == null) {
            timer = scheduler.schedule(policy.delay(), this::fire);
        }
    }

    /** Syncs now, gap or not (after a (re)connect the client may have missed anything). */
    public void catchUp() {
        if (awaited == null) {
            cancelTimer();
            issue();
        }
    }

    /** The connection is gone: a reply now never comes. */
    public void disconnected() {
        reset();
    }

    /**
     * Applies a sync reply for this conversation.
     *
     * @param afterSeq the {@code afterSeq} of the request, or -1 when not known (then no holes are taken)
     */
    public void onSyncResult(String requestId, long afterSeq, ServerFrame.SyncResult result) {
        long before = buffer.nextSeq();
        for (Message message : result.getMessagesList()) {
            if (buffer.takeLate(message.getSeq())) {
                listener.onLate(message);
            } else {
                display.accept(buffer.offer(message));
            }
        }
        if (afterSeq >= 0) {
            buffer.confirmHoles(afterSeq, result.getThroughSeq());
        }
        if (afterSeq >= 0 && afterSeq < before) {
            display.accept(buffer.skipThrough(result.getThroughSeq()));
        }
        buffer.noteKnown(result.getMaxSeq());
        if (requestId == null || !requestId.equals(awaited)) {
            changed();
            return;
        }
        awaited = null;
        cancelTimer();
        if (!buffer.hasGap()) {
            reset();
        } else if (buffer.nextSeq() > before) {
            failures = 0;
            lastChance = false;
            issue();
        } else {
            failedTry();
        }
    }

    /** True while a sync of this timer is unanswered. */
    public boolean awaitingReply() {
        return awaited != null;
    }

    /** Failed tries since the gap last moved. */
    public int failures() {
        return failures;
    }

    private void fire() {
        timer = null;
        if (awaited != null) {
            return;
        }
        if (buffer.hasGap()) {
            issue();
        } else {
            reset();
        }
    }

    private void issue() {
        String requestId = issuer.sync(conversationId, buffer.nextSeq() - 1, policy.syncLimit());
        if (requestId == null) {
            return; // offline: the reconnect catches up
        }
        awaited = requestId;
        timer = scheduler.schedule(policy.replyTimeout(), this::replyMissing);
    }

    private void replyMissing() {
        timer = null;
        awaited = null;
        if (buffer.hasGap()) {
            failedTry();
        } else {
            reset();
        }
    }

    private void failedTry() {
        if (lastChance) {
            moveOn();
            return;
        }
        failures++;
        if (failures > policy.retries()) {
            lastChance = true;
            issue();
        } else {
            timer = scheduler.schedule(policy.backoff(failures), this::fire);
        }
    }

    private void moveOn() {
        long from = buffer.nextSeq();
        long to = buffer.gapEnd();
        reset();
        List<Message> released = buffer.moveOnThrough(to);
        listener.onSkipped(conversationId, from, to);
        display.accept(released);
        changed();
    }

    private void reset() {
        cancelTimer();
        awaited = null;
        failures = 0;
        lastChance = false;
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
