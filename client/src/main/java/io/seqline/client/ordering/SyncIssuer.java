package io.seqline.client.ordering;

/** Sends {@code sync} frames for the conversations' gap timers. */
public interface SyncIssuer {

    /**
     * Sends {@code sync {conversationId, afterSeq, limit}}.
     *
     * @return the frame's request id, or null when there is no connection (the reconnect catches up)
     */
    String sync(String conversationId, long afterSeq, int limit);
}
