package io.seqline.gateway.client;

import io.seqline.common.text.ControlCharacters;
import io.seqline.proto.v1.ClientFrame;

/**
 * Control-character checks of the ids and names in every frame other than {@code send} (which
 * {@link SendValidator} checks), before any of them reaches history or Kafka: a refusal is an
 * {@code error INVALID} naming the field.
 */
final class FrameTextChecks {

    private FrameTextChecks() {
    }

    /** Null when the frame's ids and names are clean, else the first problem. */
    static String problem(ClientFrame frame) {
        return switch (frame.getKindCase()) {
            case SYNC -> conversation(frame.getSync().getConversationId());
            case MARK_READ -> conversation(frame.getMarkRead().getConversationId());
            case TYPING -> conversation(frame.getTyping().getConversationId());
            case LEAVE_GROUP -> conversation(frame.getLeaveGroup().getConversationId());
            case LIST_CONVERSATIONS -> ControlCharacters.inId("pageToken", frame.getListConversations().getPageToken());
            case CREATE_GROUP -> first(ControlCharacters.inText("name", frame.getCreateGroup().getName()),
                    ControlCharacters.inIds("memberIds", frame.getCreateGroup().getMemberIdsList()));
            case ADD_MEMBERS -> first(conversation(frame.getAddMembers().getConversationId()),
                    ControlCharacters.inIds("userIds", frame.getAddMembers().getUserIdsList()));
            case REMOVE_MEMBERS -> first(conversation(frame.getRemoveMembers().getConversationId()),
                    ControlCharacters.inIds("userIds", frame.getRemoveMembers().getUserIdsList()));
            case SEND, PING, KIND_NOT_SET -> null;
        };
    }

    private static String conversation(String conversationId) {
        return ControlCharacters.inId("conversationId", conversationId);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
