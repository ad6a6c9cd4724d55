package io.seqline.client.sending;

import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import java.util.concurrent.CompletableFuture;

/** One send that has no seq yet. Its clientSeq only changes when an earlier send is refused. */
final class PendingSend {

    private final String clientMsgId;
    private final Content content;
    private final CompletableFuture<Long> future = new CompletableFuture<>();
    private long clientSeq;
    private String requestId;
    private long sentAtMillis;

    PendingSend(long clientSeq, String clientMsgId, Content content) {
        this.clientSeq = clientSeq;
        this.clientMsgId = clientMsgId;
        this.content = content;
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

    ClientFrame.Send frame(String conversationId) {
        return ClientFrame.Send.newBuilder()
                .setConversationId(conversationId)
                .setClientMsgId(clientMsgId)
                .setClientSeq(clientSeq)
                .setContent(content)
                .build();
    }

    void transmitted(String requestId, long nowMillis) {
        this.requestId = requestId;
        this.sentAtMillis = nowMillis;
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
