package io.seqline.gateway.client;

import io.seqline.gateway.ws.Connection;
import io.seqline.proto.v1.ChangeMembersRequest;
import io.seqline.proto.v1.ChangeMembersResponse;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.CreateGroupRequest;
import io.seqline.proto.v1.LeaveGroupRequest;
import io.seqline.proto.v1.ServerFrame;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * {@code createGroup}, {@code addMembers}, {@code removeMembers}, {@code leaveGroup}: history decides (the
 * actor is the token's user) and logs the change; everyone concerned then receives the membership event
 * with its seq. createGroup is answered with {@code groupCreated}; the other changes are answered by the
 * membership event itself, or an {@code error}.
 */
@Component
class GroupHandler {

    private final HistoryCalls history;

    GroupHandler(HistoryCalls history) {
        this.history = history;
    }

    void create(Connection connection, String requestId, ClientFrame.CreateGroup create) {
        history.createGroup(CreateGroupRequest.newBuilder().setOwnerId(connection.userId())
                .setName(create.getName()).addAllMemberIds(create.getMemberIdsList()).build())
                .whenComplete((created, error) -> connection.send(error != null ? ClientErrors.from(requestId, error)
                        : ServerFrame.newBuilder().setRequestId(requestId).setGroupCreated(
                                ServerFrame.GroupCreated.newBuilder().setConversationId(created.getConversationId())).build()));
    }

    void add(Connection connection, String requestId, ClientFrame.AddMembers add) {
        answerErrors(connection, requestId, history.addMembers(ChangeMembersRequest.newBuilder()
                .setConversationId(add.getConversationId()).setActorId(connection.userId())
                .addAllUserIds(add.getUserIdsList()).build()));
    }

    void remove(Connection connection, String requestId, ClientFrame.RemoveMembers remove) {
        answerErrors(connection, requestId, history.removeMembers(ChangeMembersRequest.newBuilder()
                .setConversationId(remove.getConversationId()).setActorId(connection.userId())
                .addAllUserIds(remove.getUserIdsList()).build()));
    }

    void leave(Connection connection, String requestId, ClientFrame.LeaveGroup leave) {
        answerErrors(connection, requestId, history.leaveGroup(LeaveGroupRequest.newBuilder()
                .setConversationId(leave.getConversationId()).setUserId(connection.userId()).build()));
    }

    private static void answerErrors(Connection connection, String requestId, CompletableFuture<ChangeMembersResponse> call) {
        call.whenComplete((done, error) -> {
            if (error != null) {
                connection.send(ClientErrors.from(requestId, error));
            }
        });
    }
}
