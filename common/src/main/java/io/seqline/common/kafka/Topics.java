package io.seqline.common.kafka;

/** Kafka topic names (docs/protocol.md, "Kafka topics"). */
public final class Topics {

    /** Client sends, membership events and API messages; key = conversation id; read by the sequencer. */
    public static final String INBOUND = "im.inbound";
    /**
     * Sequenced log events; key = conversation id; written by the sequencer with an idempotent producer. A
     * (conversation, seq) may repeat after a re-read batch, always identically and after its first occurrence.
     */
    public static final String MESSAGES = "im.messages";
    /** Duplicate acks and rejections; key = sender user id; written by the sequencer (idempotent producer). */
    public static final String RECEIPTS = "im.receipts";
    /**
     * Dead letters of {@link #MESSAGES}: records history could not decode or store, parked with the reason
     * and the original position in their headers so the partition behind them keeps flowing; key as read.
     */
    public static final String MESSAGES_DLT = "im.messages.dlt";
    /** Dead letters of {@link #INBOUND}: records the sequencer could not decode. */
    public static final String INBOUND_DLT = "im.inbound.dlt";
    /** Dead letters of {@link #RECEIPTS}: records routing could not decode. */
    public static final String RECEIPTS_DLT = "im.receipts.dlt";
    /** Dead letters of {@link #SIGNALS}: records routing could not decode. */
    public static final String SIGNALS_DLT = "im.signals.dlt";
    /** Read receipts and typing; key = conversation id. */
    public static final String SIGNALS = "im.signals";
    /** Summaries for users with no connected device; key = recipient user id. */
    public static final String OFFLINE = "im.offline";

    private Topics() {
    }
}
