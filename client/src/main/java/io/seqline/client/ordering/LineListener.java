package io.seqline.client.ordering;

import io.seqline.proto.v1.Message;

/** Where a {@link ConversationLine} shows its messages. */
public interface LineListener {

    /** The next message of the conversation, strictly after the previous one in seq order. */
    void onMessage(Message message);

    /** Seqs {@code fromSeq..toSeq} were given up on: history could not provide them in time. */
    default void onSkipped(String conversationId, long fromSeq, long toSeq) {
    }

    /** A message of a seq given up on ({@link #onSkipped}) that arrived after all: out of line, once. */
    default void onLate(Message message) {
        onMessage(message);
    }
}
