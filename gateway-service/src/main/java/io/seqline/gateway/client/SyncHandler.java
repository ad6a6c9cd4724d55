package io.seqline.gateway.client;

import io.seqline.common.error.DomainException;
import io.seqline.gateway.ws.Connection;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.ServerFrame;
import org.springframework.stereotype.Component;

/** {@code sync}: pulls a seq range from history on behalf of the connected user. */
@Component
class SyncHandler {

    static final int MAX_LIMIT = 500;

    private final HistoryCalls history;

    SyncHandler(HistoryCalls history) {
        this.history = history;
    }

    void handle(Connection connection, String requestId, ClientFrame.Sync sync) {
        if (sync.getLimit() > MAX_LIMIT) {
            connection.send(ClientErrors.from(requestId,
                    DomainException.invalid("limit: " + sync.getLimit() + " (expected: <= " + MAX_LIMIT + ")")));
            return;
        }
        PullRequest request = PullRequest.newBuilder()
                .setConversationId(sync.getConversationId())
                .setAfterSeq(sync.getAfterSeq())
                .setLimit(sync.getLimit())
                .setUserId(connection.userId())
                .build();
        history.pull(request).whenComplete((pulled, error) -> connection.send(error != null
                ? ClientErrors.from(requestId, error)
                : ServerFrame.newBuilder().setRequestId(requestId).setSyncResult(ServerFrame.SyncResult.newBuilder()
                        .setConversationId(sync.getConversationId())
                        .addAllMessages(pulled.getMessagesList())
                        .setThroughSeq(pulled.getThroughSeq())
                        .setMaxSeq(pulled.getMaxSeq())).build()));
    }
}
