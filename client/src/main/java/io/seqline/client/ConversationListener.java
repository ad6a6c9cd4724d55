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
     * The one exception is a late message, which by default comes here too: see {@link #onLate}.
     */
    void onMessage(Message message);

    /** Someone read the conversation up to a seq. Not ordered with messages. */
    default void onReadReceipt(ServerFrame.ReadReceipt receipt) {
    }

    default void onTyping(ServerFrame.Typing typing) {
    }

    /**
     * The client gave up waiting for seqs {@code fromSeq..toSeq}: history did not provide them after all
     * retries, and the conversation went on with the next message. Does not happen while history keeps up.
     * Those seqs are not lost: the client keeps asking history for them, and each one that turns out to
     * exist comes to {@link #onLate}.
     */
    default void onSkipped(String conversationId, long fromSeq, long toSeq) {
    }

    /**
     * A message whose seq was given up on ({@link #onSkipped}) arrived after all, live or from history:
     * its seq is below the last one shown. Show it in its place by seq. Called at most once per seq, and
     * never for a seq already given to {@link #onMessage}. By default it goes to {@link #onMessage}
     * (which then sees a lower seq than before); override it to place it yourself.
     */
    default void onLate(Message message) {
        onMessage(message);
    }
}
