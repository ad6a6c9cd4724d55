package io.seqline.sequence.sequencer;

import io.seqline.common.ids.ConversationIds;
import io.seqline.common.text.StoredText;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.Membership;
import java.util.List;

/**
 * The fields of an {@link InboundEnvelope} that the sequencer step needs, plus the record's origin.
 *
 * @param senderDevice the sender's device: a send stream belongs to one user's device, so nobody else can
 *                     advance or answer for it
 * @param origin       "partition:offset" of the im.inbound record: the identity under which its outcome is kept
 * @param change       the membership change this send applies ("" for none): CREATE, ADD, REMOVE, LEAVE
 * @param changeUsers  the users of that change
 * @param recallTarget the seq this send recalls, 0 when it is no recall
 * @param recallAllowedUntil for a recall, the latest serverTimeMs at which it may take its seq: -1 at any time
 *                     (a group owner's or admin's, a server-originated one), 0 never; decided after dedup
 * @param textProblem  a control character in a field that would be stored ({@link StoredText}), null when
 *                     clean: such a send is refused {@code INVALID} before it can take a seq
 * @param streamStart  the client checked in history that none of its sends from this clientSeq on was
 *                     sequenced: a stream with no state may start here even above clientSeq 1
 */
public record InboundSend(String conversationId, String streamId, long clientSeq, String senderId, String senderDevice,
                          boolean system, String origin, String change, List<String> changeUsers, long recallTarget,
                          long recallAllowedUntil, String textProblem, boolean streamStart) {

    /** A clean send whose recall, if it is one, may take its seq at any time. */
    public InboundSend(String conversationId, String streamId, long clientSeq, String senderId, String senderDevice,
                       boolean system, String origin, String change, List<String> changeUsers, long recallTarget) {
        this(conversationId, streamId, clientSeq, senderId, senderDevice, system, origin, change, changeUsers,
                recallTarget, -1, null, false);
    }

    /** A clean send with the recall deadline it was given. */
    public InboundSend(String conversationId, String streamId, long clientSeq, String senderId, String senderDevice,
                       boolean system, String origin, String change, List<String> changeUsers, long recallTarget,
                       long recallAllowedUntil) {
        this(conversationId, streamId, clientSeq, senderId, senderDevice, system, origin, change, changeUsers,
                recallTarget, recallAllowedUntil, null, false);
    }

    public InboundSend(String conversationId, String streamId, long clientSeq, String senderId, boolean system,
                       String origin) {
        this(conversationId, streamId, clientSeq, senderId, "", system, origin, "", List.of(), 0);
    }

    public static InboundSend of(InboundEnvelope envelope, int partition, long offset) {
        Content content = envelope.getSend().getContent();
        boolean membership = envelope.getSystem() && content.hasMembership();
        Membership.Action action = content.getMembership().getAction();
        return new InboundSend(envelope.getSend().getConversationId(), envelope.getStreamId(),
                envelope.getSend().getClientSeq(), envelope.getSenderId(), envelope.getSenderDevice(),
                envelope.getSystem(), partition + ":" + offset,
                membership && action != Membership.Action.ACTION_UNSPECIFIED && action != Membership.Action.UNRECOGNIZED
                        ? action.name() : "",
                membership ? List.copyOf(content.getMembership().getUserIdsList()) : List.of(),
                content.hasRecall() ? content.getRecall().getTargetSeq() : 0,
                envelope.hasRecallCheck() ? Math.max(-1, envelope.getRecallCheck().getAllowedUntilMs()) : -1,
                StoredText.problem(envelope), envelope.getSend().getStreamStart());
    }

    /** The same send, flagged (or not) as the start of a stream that has no state. */
    public InboundSend withStreamStart(boolean start) {
        return new InboundSend(conversationId, streamId, clientSeq, senderId, senderDevice, system, origin, change,
                changeUsers, recallTarget, recallAllowedUntil, textProblem, start);
    }

    /** The im.inbound partition the send was read from (its origin "partition:offset"), -1 when it has none. */
    int partition() {
        int colon = origin.indexOf(':');
        try {
            return colon > 0 ? Integer.parseInt(origin, 0, colon, 10) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** "0" no member check, "1" the sender must be a member, "2" the member set must be loaded. */
    String membersMode() {
        if (!ConversationIds.isGroup(conversationId) || change.equals("CREATE")) {
            return "0";
        }
        if (!change.isEmpty()) {
            return "2";
        }
        return system ? "0" : "1";
    }
}
