package io.seqline.history.api;

import io.grpc.stub.StreamObserver;
import io.seqline.common.error.DomainException;
import io.seqline.common.ids.ConversationIds;
import io.seqline.history.groups.GroupService;
import io.seqline.history.groups.LogEvents;
import io.seqline.history.listing.ConversationListing;
import io.seqline.history.store.Messages;
import io.seqline.history.store.ReadCursors;
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
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.PullResponse;
import io.seqline.proto.v1.RecallRequest;
import io.seqline.proto.v1.RecallResponse;
import java.util.List;

/** gRPC {@code History}: the edge of history-service; validation here, the work in the feature classes. */
public class HistoryGrpcService extends HistoryGrpc.HistoryImplBase {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final Messages messages;
    private final GroupService groups;
    private final ConversationListing listing;
    private final ReadCursors cursors;
    private final LogEvents events;

    public HistoryGrpcService(Messages messages, GroupService groups, ConversationListing listing, ReadCursors cursors,
                              LogEvents events) {
        this.messages = messages;
        this.groups = groups;
        this.listing = listing;
        this.cursors = cursors;
        this.events = events;
    }

    /**
     * Messages after {@code afterSeq}. {@code throughSeq} is the last seq of a full page, else the highest
     * seq stored: below it, a seq that is not returned was never issued or never will be (a hole).
     */
    @Override
    public void pull(PullRequest request, StreamObserver<PullResponse> response) {
        String conversationId = requireConversation(request.getConversationId());
        // uint32 on the wire: a value above 2^31 arrives as a negative int
        if (Integer.compareUnsigned(request.getLimit(), MAX_LIMIT) > 0) {
            throw DomainException.invalid("limit: " + Integer.toUnsignedString(request.getLimit())
                    + " (expected: <= " + MAX_LIMIT + ")");
        }
        if (!request.getUserId().isEmpty()) {
            requireMember(conversationId, request.getUserId());
        }
        int limit = request.getLimit() == 0 ? DEFAULT_LIMIT : request.getLimit();
        long maxSeq = messages.maxSeq(conversationId);
        // a member removed and added back does not see what was said while they were out
        List<Message> page = request.getAfterSeq() >= maxSeq ? List.of()
                : ConversationIds.isGroup(conversationId) && !request.getUserId().isEmpty()
                ? messages.after(conversationId, request.getAfterSeq(), limit, request.getUserId())
                : messages.after(conversationId, request.getAfterSeq(), limit);
        long throughSeq = page.size() == limit ? page.get(page.size() - 1).getSeq() : maxSeq;
        reply(response, PullResponse.newBuilder().addAllMessages(page).setThroughSeq(throughSeq).setMaxSeq(maxSeq).build());
    }

    @Override
    public void listConversations(ListConversationsRequest request, StreamObserver<ListConversationsResponse> response) {
        requireUser(request.getUserId());
        reply(response, listing.list(request.getUserId(), request.getLimit(), request.getPageToken()));
    }

    @Override
    public void createGroup(CreateGroupRequest request, StreamObserver<CreateGroupResponse> response) {
        String id = groups.create(request.getOwnerId(), request.getName(), request.getMemberIdsList());
        reply(response, CreateGroupResponse.newBuilder().setConversationId(id).build());
    }

    @Override
    public void addMembers(ChangeMembersRequest request, StreamObserver<ChangeMembersResponse> response) {
        groups.add(request.getConversationId(), request.getActorId(), request.getUserIdsList());
        reply(response, ChangeMembersResponse.newBuilder().setConversationId(request.getConversationId()).build());
    }

    @Override
    public void removeMembers(ChangeMembersRequest request, StreamObserver<ChangeMembersResponse> response) {
        groups.remove(request.getConversationId(), request.getActorId(), request.getUserIdsList());
        reply(response, ChangeMembersResponse.newBuilder().setConversationId(request.getConversationId()).build());
    }

    @Override
    public void leaveGroup(LeaveGroupRequest request, StreamObserver<ChangeMembersResponse> response) {
        groups.leave(request.getConversationId(), request.getUserId());
        reply(response, ChangeMembersResponse.newBuilder().setConversationId(request.getConversationId()).build());
    }

    @Override
    public void listMembers(ListMembersRequest request, StreamObserver<ListMembersResponse> response) {
        reply(response, ListMembersResponse.newBuilder()
                .addAllMembers(groups.list(request.getConversationId(), request.getUserIdsList())).build());
    }

    @Override
    public void markRead(MarkReadRequest request, StreamObserver<MarkReadResponse> response) {
        String conversationId = requireConversation(request.getConversationId());
        requireMember(conversationId, request.getUserId());
        long stored = cursors.advance(request.getUserId(), conversationId, request.getSeq());
        reply(response, MarkReadResponse.newBuilder().setReadSeq(stored).build());
    }

    /** Admin recall of any message: logged as a recall event with its own seq. */
    @Override
    public void recall(RecallRequest request, StreamObserver<RecallResponse> response) {
        String conversationId = requireConversation(request.getConversationId());
        Message target = messages.at(conversationId, request.getTargetSeq())
                .orElseThrow(() -> DomainException.notFound("no message " + request.getTargetSeq() + " in " + conversationId));
        if (!target.getRecalled()) {
            events.recall(conversationId, target.getSeq());
        }
        reply(response, RecallResponse.getDefaultInstance());
    }

    private void requireMember(String conversationId, String userId) {
        requireUser(userId);
        if (!groups.isMember(conversationId, userId)) {
            throw DomainException.forbidden("not a member of " + conversationId);
        }
    }

    private static String requireConversation(String conversationId) {
        String problem = ConversationIds.problem(conversationId);
        if (problem != null) {
            throw DomainException.invalid(problem);
        }
        return conversationId;
    }

    private static void requireUser(String userId) {
        String problem = ConversationIds.userIdProblem("userId", userId);
        if (problem != null) {
            throw DomainException.invalid(problem);
        }
    }

    private static <T> void reply(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
