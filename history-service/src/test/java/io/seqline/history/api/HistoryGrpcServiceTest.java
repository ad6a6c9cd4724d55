package io.seqline.history.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.seqline.common.grpc.GrpcErrorMapper;
import io.seqline.history.HistoryUnderTest;
import io.seqline.history.store.Messages;
import io.seqline.proto.v1.ChangeMembersRequest;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.CreateGroupRequest;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.LeaveGroupRequest;
import io.seqline.proto.v1.ListConversationsRequest;
import io.seqline.proto.v1.ListMembersRequest;
import io.seqline.proto.v1.MarkReadRequest;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.PullResponse;
import io.seqline.proto.v1.RecallRequest;
import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.PostgresExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;

/**
 * {@code History} over gRPC in process, as history-service wires it (its beans, on PostgreSQL with its
 * migrations and Kafka) behind the one error mapping ({@link GrpcErrorMapper}): malformed ids and limits are
 * INVALID_ARGUMENT, a caller outside the conversation PERMISSION_DENIED, what does not exist NOT_FOUND, each
 * with a description the caller can act on; and a pull page ends at its last seq, or at the highest stored.
 */
class HistoryGrpcServiceTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static ConfigurableApplicationContext context;
    static Server server;
    static ManagedChannel channel;
    static HistoryGrpc.HistoryBlockingStub history;

    @BeforeAll
    static void start() throws Exception {
        context = HistoryUnderTest.start(kafka, postgres);
        String name = "history-" + UUID.randomUUID();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(context.getBean(HistoryGrpcService.class),
                        new GrpcExceptionHandlerInterceptor(context.getBean(GrpcErrorMapper.class))))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        history = HistoryGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (context != null) {
            context.close();
        }
    }

    private static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String direct(String a, String b) {
        return a.compareTo(b) < 0 ? "p:" + a + ":" + b : "p:" + b + ":" + a;
    }

    private static void assertStatus(Runnable call, Status.Code code, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(description);
        });
    }

    @Test
    void malformedIdsLimitsAndTokensAreInvalidArguments() {
        String alice = user("alice");
        assertStatus(() -> history.pull(PullRequest.newBuilder().setConversationId("x:1").build()),
                Status.Code.INVALID_ARGUMENT, "expected: p:{a}:{b} or g:{groupId}");
        assertStatus(() -> history.pull(PullRequest.newBuilder().setConversationId("p:bob:alice").build()),
                Status.Code.INVALID_ARGUMENT, "a < b");
        assertStatus(() -> history.pull(PullRequest.newBuilder().setConversationId(direct(alice, "bob"))
                .setLimit(501).build()), Status.Code.INVALID_ARGUMENT, "limit: 501 (expected: <= 500)");
        assertStatus(() -> history.pull(PullRequest.newBuilder().setConversationId(direct(alice, "bob"))
                .setLimit(-1).build()), Status.Code.INVALID_ARGUMENT, "limit: 4294967295");
        assertStatus(() -> history.pull(PullRequest.newBuilder().setConversationId(direct(alice, "bob"))
                .setUserId("a b").build()), Status.Code.INVALID_ARGUMENT, "userId: invalid user id");
        assertStatus(() -> history.listConversations(ListConversationsRequest.newBuilder().build()),
                Status.Code.INVALID_ARGUMENT, "userId");
        assertStatus(() -> history.listConversations(ListConversationsRequest.newBuilder().setUserId(alice)
                .setPageToken("forged").build()), Status.Code.INVALID_ARGUMENT, "pageToken");
        assertStatus(() -> history.listMembers(ListMembersRequest.newBuilder().setConversationId(direct(alice, "bob"))
                .build()), Status.Code.INVALID_ARGUMENT, "is not a group");
    }

    @Test
    void aCallerOutsideTheConversationIsPermissionDenied() {
        String owner = user("owner");
        String bob = user("bob");
        String carol = user("carol");
        String group = history.createGroup(CreateGroupRequest.newBuilder().setOwnerId(owner).setName("team")
                .addMemberIds(bob).build()).getConversationId();

        assertStatus(() -> history.pull(PullRequest.newBuilder().setConversationId(direct(owner, bob))
                .setUserId(carol).build()), Status.Code.PERMISSION_DENIED, "not a member of");
        assertStatus(() -> history.pull(PullRequest.newBuilder().setConversationId(group).setUserId(carol).build()),
                Status.Code.PERMISSION_DENIED, "not a member of " + group);
        assertStatus(() -> history.markRead(MarkReadRequest.newBuilder().setConversationId(group).setUserId(carol)
                .setSeq(1).build()), Status.Code.PERMISSION_DENIED, "not a member of " + group);
        assertStatus(() -> history.leaveGroup(LeaveGroupRequest.newBuilder().setConversationId(group)
                .setUserId(carol).build()), Status.Code.PERMISSION_DENIED, "not a member of " + group);
        assertStatus(() -> history.addMembers(ChangeMembersRequest.newBuilder().setConversationId(group)
                .setActorId(bob).addUserIds(carol).build()), Status.Code.PERMISSION_DENIED, "only the owner or an admin");
    }

    @Test
    void whatDoesNotExistIsNotFound() {
        String alice = user("alice");
        assertStatus(() -> history.listMembers(ListMembersRequest.newBuilder().setConversationId("g:" + alice).build()),
                Status.Code.NOT_FOUND, "no group g:" + alice);
        assertStatus(() -> history.recall(RecallRequest.newBuilder().setConversationId(direct(alice, "bob"))
                .setTargetSeq(9).build()), Status.Code.NOT_FOUND, "no message 9 in " + direct(alice, "bob"));
    }

    @Test
    void aFullPageEndsAtItsLastSeqAndAShortOneAtTheHighestSeqStored() {
        String conversation = direct(user("alice"), user("bob"));
        // seqs 1..5 and 7: seq 6 is a hole
        context.getBean(Messages.class).insertAll(LongStream.of(1, 2, 3, 4, 5, 7).mapToObj(seq -> Message.newBuilder()
                .setConversationId(conversation).setSeq(seq).setSenderId("bot").setClientSeq(seq)
                .setContent(Content.newBuilder().setText("#" + seq)).build()).toList());

        PullResponse full = history.pull(PullRequest.newBuilder().setConversationId(conversation).setLimit(3).build());
        assertThat(full.getMessagesList()).extracting(Message::getSeq).containsExactly(1L, 2L, 3L);
        assertThat(full.getThroughSeq()).isEqualTo(3);
        assertThat(full.getMaxSeq()).isEqualTo(7);

        PullResponse rest = history.pull(PullRequest.newBuilder().setConversationId(conversation).setAfterSeq(3)
                .setLimit(10).build());
        assertThat(rest.getMessagesList()).extracting(Message::getSeq).containsExactly(4L, 5L, 7L);
        assertThat(rest.getThroughSeq()).isEqualTo(7);

        assertThat(history.pull(PullRequest.newBuilder().setConversationId(conversation).setAfterSeq(7).build())
                .getMessagesList()).isEqualTo(List.of());
    }
}
