package io.seqline.client.sending;

import java.util.function.Consumer;

/**
 * Reads a conversation's log to find which of this device's pending sends were sequenced, after the server
 * refused one with {@code STREAM_EXPIRED} (docs/protocol.md, "When a send stream expires").
 */
public interface HistoryCheck {

    /**
     * Syncs {@code conversationId} from {@code afterSeq} to the end of its log, page by page. Every message
     * read takes the client's usual path, so a send found there completes as if its echo had come.
     *
     * @param done told {@code true} once the end of the log was read, {@code false} when the connection went
     *             or a page was refused before that (the window tries again after a backoff)
     * @return false, and {@code done} is never told, when there is no connection to ask on
     */
    boolean check(String conversationId, long afterSeq, Consumer<Boolean> done);
}
