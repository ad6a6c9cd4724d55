package io.seqline.gateway.client;

import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.seqline.common.error.DomainException;
import io.seqline.gateway.ws.Connection;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.PullResponse;
import io.seqline.proto.v1.ServerFrame;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** {@code sync}: pulls a seq range from history on behalf of the connected user. */
@Component
class SyncHandler {

    static final int MAX_LIMIT = 500;

    private final HistoryGrpc.HistoryStub history;

    SyncHandler(HistoryGrpc.HistoryStub history) {
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
        history.withDeadline(Deadline.after(5, TimeUnit.SECONDS)).pull(request, new StreamObserver<>() {
            @Override
            public void onNext(PullResponse pulled) {
                connection.send(ServerFrame.newBuilder().setRequestId(requestId)
                        .setSyncResult(ServerFrame.SyncResult.newBuilder()
                                .setConversationId(sync.getConversationId())
                                .addAllMessages(pulled.getMessagesList())
                                .setThroughSeq(pulled.getThroughSeq())
                                .setMaxSeq(pulled.getMaxSeq()))
                        .build());
            }

            @Override
            public void onError(Throwable error) {
                connection.send(ClientErrors.from(requestId, error));
            }

            @Override
            public void onCompleted() {
            }
        });
    }
}
