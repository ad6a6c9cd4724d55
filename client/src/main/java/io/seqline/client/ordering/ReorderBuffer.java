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
 */
public final class ReorderBuffer {

    private final TreeMap<Long, Message> buffered = new TreeMap<>();
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
