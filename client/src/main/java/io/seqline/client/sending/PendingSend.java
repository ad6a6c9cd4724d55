package io.seqline.client.sending;

import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import java.util.concurrent.CompletableFuture;

/** One send that has no seq yet. Its clientSeq only changes when an earlier send is refused. */
final class PendingSend {

    private final String clientMsgId;
    private final Content content;
    private final long historyFloor;
    private final CompletableFuture<Long> future = new CompletableFuture<>();
    private long clientSeq;
    private String requestId;
    private long sentAtMillis;
    private long firstSentAtMillis = -1;

    /**
     * @param historyFloor a seq this send cannot be below if it gets one: the last seq its conversation's
     *                     line had shown when it was queued (every seq issued later is higher)
     */
    PendingSend(long clientSeq, String clientMsgId, Content content, long historyFloor) {
        this.clientSeq = clientSeq;
        this.clientMsgId = clientMsgId;
        this.content = content;
        this.historyFloor = historyFloor;
    }

    long historyFloor() {
        return historyFloor;
    }

    /** When it first went on the wire since it was queued or last checked in history, -1 when not yet. */
    long firstSentAtMillis() {
        return firstSentAtMillis;
    }

    /** History shows it was not sequenced: from now on it counts as never sent. */
    void checked() {
        firstSentAtMillis = -1;
        requestId = null;
    }

    long clientSeq() {
        return clientSeq;
    }

    String clientMsgId() {
        return clientMsgId;
    }

    CompletableFuture<Long> future() {
        return future;
    }

    /** The request id of the transmission whose answer counts; null when not (or no longer) on the wire. */
    String requestId() {
        return requestId;
    }

    long sentAtMillis() {
        return sentAtMillis;
    }

    /** @param streamStart the stream has no state on the server and starts with this send */
    ClientFrame.Send frame(String conversationId, boolean streamStart) {
        return ClientFrame.Send.newBuilder()
                .setConversationId(conversationId)
                .setClientMsgId(clientMsgId)
                .setClientSeq(clientSeq)
                .setContent(content)
                .setStreamStart(streamStart)
                .build();
    }

    void transmitted(String requestId, long nowMillis) {
        this.requestId = requestId;
        this.sentAtMillis = nowMillis;
        if (firstSentAtMillis < 0) {
            firstSentAtMillis = nowMillis;
        }
    }

    /** Answers to earlier transmissions no longer count: it is sent again. */
    void invalidate() {
        requestId = null;
    }

    void renumber(long newClientSeq) {
        clientSeq = newClientSeq;
        requestId = null;
    }
}
