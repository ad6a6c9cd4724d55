package io.seqline.gateway.client;

import io.seqline.common.grpc.UnaryCalls;
import io.seqline.proto.v1.ChangeMembersRequest;
import io.seqline.proto.v1.ChangeMembersResponse;
import io.seqline.proto.v1.CreateGroupRequest;
import io.seqline.proto.v1.CreateGroupResponse;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.LeaveGroupRequest;
import io.seqline.proto.v1.ListConversationsRequest;
import io.seqline.proto.v1.ListConversationsResponse;
import io.seqline.proto.v1.ListMembersRequest;
import io.seqline.proto.v1.ListMembersResponse;
import io.seqline.proto.v1.MarkReadRequest;
import io.seqline.proto.v1.MarkReadResponse;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.PullResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Calls to history-service on behalf of clients, each with a deadline, never blocking the event loop. */
@Component
class HistoryCalls {

    private static final long DEADLINE_SECONDS = 5;

    private final HistoryGrpc.HistoryStub history;

    HistoryCalls(HistoryGrpc.HistoryStub history) {
        this.history = history;
    }

    CompletableFuture<PullResponse> pull(PullRequest request) {
        return UnaryCalls.call(stub()::pull, request);
    }

    CompletableFuture<ListConversationsResponse> listConversations(ListConversationsRequest request) {
        return UnaryCalls.call(stub()::listConversations, request);
    }

    CompletableFuture<MarkReadResponse> markRead(MarkReadRequest request) {
        return UnaryCalls.call(stub()::markRead, request);
    }

    CompletableFuture<CreateGroupResponse> createGroup(CreateGroupRequest request) {
        return UnaryCalls.call(stub()::createGroup, request);
    }

    CompletableFuture<ChangeMembersResponse> addMembers(ChangeMembersRequest request) {
        return UnaryCalls.call(stub()::addMembers, request);
    }

    CompletableFuture<ChangeMembersResponse> removeMembers(ChangeMembersRequest request) {
        return UnaryCalls.call(stub()::removeMembers, request);
    }

    CompletableFuture<ChangeMembersResponse> leaveGroup(LeaveGroupRequest request) {
        return UnaryCalls.call(stub()::leaveGroup, request);
    }

    CompletableFuture<ListMembersResponse> listMembers(ListMembersRequest request) {
        return UnaryCalls.call(stub()::listMembers, request);
    }

    private HistoryGrpc.HistoryStub stub() {
        return history.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
}
