package io.seqline.sequence.sequencer;

/**
 * What the sequencer decided for one inbound send.
 *
 * @param code         the decision
 * @param seq          the seq of the message (ACCEPTED, DUPLICATE), else 0
 * @param expected     the clientSeq the stream expects next (OUT_OF_ORDER), else 0
 * @param ceiling      the conversation's reserved ceiling when a new seq was issued, else 0
 * @param serverTimeMs when the seq was issued (ACCEPTED, DUPLICATE): the same every time the record is read
 */
public record Outcome(Code code, long seq, long expected, long ceiling, long serverTimeMs) {

    public Outcome(Code code, long seq, long expected) {
        this(code, seq, expected, 0, 0);
    }

    /**
     * The decisions. NEED_*, BEHIND and FENCED are internal and never leave {@link MessageSequencer}: the
     * first three are retried, FENCED fails the batch. RECALL_DENIED: the target was already recalled or
     * was not issued; RECALL_NOT_ALLOWED: the gateway's findings do not allow this recall (any more); both
     * reach the client as {@code RECALL_DENIED}. STREAM_EXPIRED: the send stream has no state and the
     * clientSeq is above 1, so the send may be a resend of one sequenced before the state went (expected 1).
     */
    public enum Code {
        ACCEPTED, DUPLICATE, OUT_OF_ORDER, NOT_MEMBER, INVALID, RECALL_DENIED, RECALL_NOT_ALLOWED, STREAM_EXPIRED, NEED_INIT, NEED_RESERVE, NEED_MEMBERS,
        BEHIND, FENCED
    }

    public static Outcome accepted(long seq) {
        return new Outcome(Code.ACCEPTED, seq, 0);
    }

    public static Outcome duplicate(long seq) {
        return new Outcome(Code.DUPLICATE, seq, 0);
    }

    public static Outcome outOfOrder(long expected) {
        return new Outcome(Code.OUT_OF_ORDER, 0, expected);
    }

    public static Outcome of(Code code) {
        return new Outcome(code, 0, 0);
    }

    /** The same decision without the ceiling and time, for comparing decisions. */
    public Outcome decision() {
        return new Outcome(code, seq, expected);
    }

    boolean needsWork() {
        return code == Code.NEED_INIT || code == Code.NEED_RESERVE || code == Code.NEED_MEMBERS;
    }
}
