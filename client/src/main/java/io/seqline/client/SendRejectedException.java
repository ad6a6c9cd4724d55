package io.seqline.client;

import io.seqline.proto.v1.RejectReason;

/** The server refused a send for good; {@link #reason()} says why (see docs/protocol.md#rejected-reasons). */
public final class SendRejectedException extends RuntimeException {

    private final String conversationId;
    private final RejectReason reason;

    public SendRejectedException(String conversationId, RejectReason reason, String detail) {
        super(reason + " in " + conversationId + (detail == null || detail.isEmpty() ? "" : ": " + detail), null,
                false, false);
        this.conversationId = conversationId;
        this.reason = reason;
    }

    public String conversationId() {
        return conversationId;
    }

    public RejectReason reason() {
        return reason;
    }
}
