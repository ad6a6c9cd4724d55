package io.seqline.history.api;

import io.grpc.stub.StreamObserver;
import io.seqline.common.error.DomainException;
import io.seqline.common.ids.ConversationIds;
import io.seqline.history.store.Messages;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.PullResponse;
import java.util.List;

/** gRPC {@code History}: pulls of the durable log. */
public class HistoryGrpcService extends HistoryGrpc.HistoryImplBase {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final Messages messages;

    public HistoryGrpcService(Messages messages) {
        this.messages = messages;
    }

    /**
     * Messages after {@code afterSeq}. {@code throughSeq} is the last seq of a full page, else the highest
     * seq stored: below it, a seq that is not returned was never issued or never will be (a hole).
     */
    @Override
    public void pull(PullRequest request, StreamObserver<PullResponse> response) {
        String conversationId = request.getConversationId();
        String problem = ConversationIds.problem(conversationId);
        if (problem != null) {
            throw DomainException.invalid(problem);
        }
        if (request.getLimit() > MAX_LIMIT) {
            throw DomainException.invalid("limit: " + request.getLimit() + " (expected: <= " + MAX_LIMIT + ")");
        }
        if (!request.getUserId().isEmpty()) {
            requireReader(conversationId, request.getUserId());
        }
        int limit = request.getLimit() == 0 ? DEFAULT_LIMIT : request.getLimit();
        long maxSeq = messages.maxSeq(conversationId);
        List<Message> page = request.getAfterSeq() >= maxSeq ? List.of()
                : messages.after(conversationId, request.getAfterSeq(), limit);
        long throughSeq = page.size() == limit ? page.get(page.size() - 1).getSeq() : maxSeq;
        response.onNext(PullResponse.newBuilder().addAllMessages(page).setThroughSeq(throughSeq).setMaxSeq(maxSeq).build());
        response.onCompleted();
    }

    private static void requireReader(String conversationId, String userId) {
        if (ConversationIds.isDirect(conversationId) && ConversationIds.isParticipant(conversationId, userId)) {
            return;
        }
        throw DomainException.forbidden("not a member of " + conversationId);
    }
}
