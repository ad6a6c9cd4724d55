package io.seqline.client.ordering;

import io.seqline.proto.v1.Message;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiver side of the ordering model for one conversation (docs/architecture.md#receivers):
 * messages leave strictly in seq order. {@code nextSeq} is the seq the listener sees next; an arriving
 * message with that seq leaves at once together with the buffered successors it unblocks; a later one
 * is buffered; an earlier one, or one already buffered, is a duplicate and is dropped.
 *
 * <p>A gap exists while something is buffered or while a seq at or past {@code nextSeq} is known to
 * exist (from an ack, a sync reply or a conversation listing) without having arrived. The buffer does
 * not decide when a missing seq is a hole: {@link #skipThrough} is told so by a sync reply.
 *
 * <p>Late is not missing: seqs passed over by {@link #moveOnThrough} (the client gave up waiting, history
 * did not confirm them as holes) stay <em>late</em> until they arrive ({@link #takeLate}: shown then, out of
 * line, once) or a sync reply confirms them as holes ({@link #confirmHoles}). Only seqs shown or confirmed
 * as holes are dropped as duplicates.
 */
public final class ReorderBuffer {

    private final TreeMap<Long, Message> buffered = new TreeMap<>();
    private final LateSeqs late = new LateSeqs();
    private long nextSeq;
    private long highestKnown;
    private long duplicates;

    /** A buffer whose listener has seen everything up to and including {@code afterSeq}. */
    public ReorderBuffer(long afterSeq) {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq: " + afterSeq + " (expected: >= 0)");
        }
        this.nextSeq = afterSeq + 1;
        this.highestKnown = afterSeq;
    }

    /** Takes one arriving message; returns what may now be shown, in seq order (often nothing). */
    public List<Message> offer(Message message) {
        long seq = message.getSeq();
        if (seq < nextSeq || buffered.containsKey(seq)) {
            duplicates++;
            return List.of();
        }
        noteKnown(seq);
        if (seq > nextSeq) {
            buffered.put(seq, message);
            return List.of();
        }
        List<Message> ready = new ArrayList<>();
        ready.add(message);
        nextSeq++;
        drainConsecutive(ready);
        return ready;
    }

    /**
     * Every seq up to and including {@code throughSeq} that has not arrived is a hole: shows the
     * buffered messages up to there and whatever follows them without a gap.
     */
    public List<Message> skipThrough(long throughSeq) {
        if (throughSeq < nextSeq) {
            return List.of();
        }
        List<Message> ready = new ArrayList<>();
        Iterator<Map.Entry<Long, Message>> upTo = buffered.headMap(throughSeq, true).entrySet().iterator();
        while (upTo.hasNext()) {
            ready.add(upTo.next().getValue());
            upTo.remove();
        }
        nextSeq = throughSeq + 1;
        noteKnown(throughSeq);
        drainConsecutive(ready);
        return ready;
    }

    /**
     * The client gives up waiting for the seqs up to {@code throughSeq} without them being confirmed as
     * holes: like {@link #skipThrough}, but the seqs passed over stay late (see {@link #takeLate}).
     */
    public List<Message> moveOnThrough(long throughSeq) {
        for (long from = nextSeq; from <= throughSeq; ) {
            Long next = buffered.ceilingKey(from);
            long to = next == null ? throughSeq : Math.min(throughSeq, next - 1);
            late.add(from, to);
            from = to + 2;
        }
        return skipThrough(throughSeq);
    }

    /**
     * True, once, for a message whose seq the line moved past while it was late: it is to be shown now,
     * out of line. False for every other message (then {@link #offer} it).
     */
    public boolean takeLate(long seq) {
        return seq < nextSeq && late.take(seq);
    }

    /**
     * A sync reply for the range after {@code afterSeq} through {@code throughSeq} was applied (its
     * messages offered): the late seqs in that range it did not bring are holes.
     */
    public void confirmHoles(long afterSeq, long throughSeq) {
        late.remove(afterSeq + 1, Math.min(throughSeq, nextSeq - 1));
    }

    public boolean hasLate() {
        return !late.isEmpty();
    }

    /** The lowest late seq; only when {@link #hasLate()}. */
    public long lowestLate() {
        return late.lowest();
    }

    /** How many seqs are late. */
    public long lateCount() {
        return late.count();
    }

    /** Some message with {@code seq} exists in the conversation's log. */
    public void noteKnown(long seq) {
        highestKnown = Math.max(highestKnown, seq);
    }

    public boolean hasGap() {
        return !buffered.isEmpty() || highestKnown >= nextSeq;
    }

    /** The last seq of the first gap: the seq before the lowest buffered one, else the highest known. */
    public long gapEnd() {
        return buffered.isEmpty() ? highestKnown : buffered.firstKey() - 1;
    }

    public long nextSeq() {
        return nextSeq;
    }

    public long highestKnown() {
        return highestKnown;
    }

    public int bufferedCount() {
        return buffered.size();
    }

    /** How many arrivals were dropped as duplicates. */
    public long duplicates() {
        return duplicates;
    }

    private void drainConsecutive(List<Message> ready) {
        Message next;
        while ((next = buffered.remove(nextSeq)) != null) {
            ready.add(next);
            nextSeq++;
        }
    }
}
