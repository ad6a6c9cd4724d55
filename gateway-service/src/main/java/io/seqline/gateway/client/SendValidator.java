package io.seqline.gateway.client;

import io.seqline.common.ids.ConversationIds;
import io.seqline.common.text.ControlCharacters;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.RejectReason;
import java.nio.charset.StandardCharsets;

/** Edge checks of a {@code send} frame, before it costs a Kafka record. */
public final class SendValidator {

    private static final int MAX_CLIENT_MSG_ID = 64;

    /** Why a send is refused. */
    public record Refusal(RejectReason reason, String detail) {
    }

    private final int maxContentBytes;

    public SendValidator(int maxContentBytes) {
        this.maxContentBytes = maxContentBytes;
    }

    /** Null when the send may go on, else the reason it may not. */
    Refusal check(ClientFrame.Send send, String senderId) {
        String problem = ConversationIds.problem(send.getConversationId());
        if (problem != null) {
            return new Refusal(RejectReason.INVALID, problem);
        }
        if (send.getClientSeq() < 1 || send.getClientSeq() > ConversationIds.MAX_CLIENT_SEQ) {
            return new Refusal(RejectReason.INVALID, "clientSeq: " + Long.toUnsignedString(send.getClientSeq())
                    + " (expected: 1.." + ConversationIds.MAX_CLIENT_SEQ + ")");
        }
        String control = ControlCharacters.inId("clientMsgId", send.getClientMsgId());
        if (control != null) {
            return new Refusal(RejectReason.INVALID, control);
        }
        if (send.getClientMsgId().length() > MAX_CLIENT_MSG_ID) {
            return new Refusal(RejectReason.INVALID, "clientMsgId: " + send.getClientMsgId().length()
                    + " characters (expected: <= " + MAX_CLIENT_MSG_ID + ")");
        }
        if (ConversationIds.isDirect(send.getConversationId())
                && !ConversationIds.isParticipant(send.getConversationId(), senderId)) {
            return new Refusal(RejectReason.NOT_MEMBER, "not a member of " + send.getConversationId());
        }
        return checkContent(send.getContent());
    }

    /** Null when the content may be sent, else why not. */
    public Refusal checkContent(Content content) {
        return switch (content.getBodyCase()) {
            case TEXT -> {
                int bytes = content.getText().getBytes(StandardCharsets.UTF_8).length;
                if (bytes == 0 || content.getText().isBlank()) {
                    yield new Refusal(RejectReason.INVALID, "content.text: empty");
                }
                if (bytes > maxContentBytes) {
                    yield new Refusal(RejectReason.TOO_LARGE,
                            "content.text: " + bytes + " bytes (expected: <= " + maxContentBytes + ")");
                }
                String control = ControlCharacters.inText("content.text", content.getText());
                yield control == null ? null : new Refusal(RejectReason.INVALID, control);
            }
            case DATA -> {
                if (content.getData().getPayload().size() > maxContentBytes) {
                    yield new Refusal(RejectReason.TOO_LARGE, "content.data.payload: "
                            + content.getData().getPayload().size() + " bytes (expected: <= " + maxContentBytes + ")");
                }
                String control = ControlCharacters.inId("content.data.mimeType", content.getData().getMimeType());
                yield control == null ? null : new Refusal(RejectReason.INVALID, control);
            }
            case RECALL -> content.getRecall().getTargetSeq() < 1 // the rest is decided after dedup (RecallPolicy)
                    ? new Refusal(RejectReason.RECALL_DENIED, "content.recall.targetSeq: "
                            + content.getRecall().getTargetSeq() + " (expected: >= 1)")
                    : null;
            case MEMBERSHIP -> new Refusal(RejectReason.INVALID, "content.membership: server-generated only");
            case BODY_NOT_SET -> new Refusal(RejectReason.INVALID, "content: empty (expected: text, data or recall)");
        };
    }
}
