package io.seqline.client;

import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.ServerFrame;

/**
 * Receives one conversation (or all of them, see {@link SeqlineClient#listenToAll}). Called on the
 * client's event-loop thread: return quickly and never block on the client's futures here.
 */
@FunctionalInterface
public interface ConversationListener {

    /**
     * The next message of the conversation: strictly increasing seq, never twice, nothing skipped
     * except seqs the server never issued. Recalls are messages too ({@code content.recall.targetSeq}).
     */
    void onMessage(Message message);

    /** Someone read the conversation up to a seq. Not ordered with messages. */
    default void onReadReceipt(ServerFrame.ReadReceipt receipt) {
    }

    default void onTyping(ServerFrame.Typing typing) {
    }

    /**
     * The client gave up on seqs {@code fromSeq..toSeq}: history did not provide them after all
     * retries. Does not happen while history keeps up.
     */
    default void onSkipped(String conversationId, long fromSeq, long toSeq) {
    }
}
