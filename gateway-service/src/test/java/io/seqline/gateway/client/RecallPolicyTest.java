package io.seqline.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.seqline.gateway.config.GatewayPropertiesFixture;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.ListMembersRequest;
import io.seqline.proto.v1.ListMembersResponse;
import io.seqline.proto.v1.Member;
import io.seqline.proto.v1.Membership;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.PullResponse;
import io.seqline.proto.v1.Recall;
import io.seqline.proto.v1.RecallCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recall window as the gateway sets it: the sender's own message until its serverTimeMs plus the window
 * (here 3 s), a group's owner or admin at any time, anything else never. Time is the target's serverTimeMs,
 * not a clock, so the window needs no waiting; the sequencer's side (refused after the deadline on its
 * clock, a resend of an applied recall still a duplicate) is {@code MessageSequencerTest}. History is a
 * stand-in served in process (the real one lives in history-service).
 */
class RecallPolicyTest {

    static final long SENT_AT = 1_700_000_000_000L;
    static final String DIRECT = "p:alice:bob";
    static final String GROUP = "g:team";

    private final List<Message> log = new ArrayList<>();
    private final Map<String, Member.Role> roles = Map.of("olga", Member.Role.OWNER, "adam", Member.Role.ADMIN,
            "alice", Member.Role.MEMBER, "bob", Member.Role.MEMBER);
    private Status historyFailure;
    private Server server;
    private ManagedChannel channel;
    private RecallPolicy policy;

    /** Serves the log above and the roles above, or fails every call with {@link #historyFailure}. */
    private final class History extends HistoryGrpc.HistoryImplBase {
        @Override
        public void pull(PullRequest request, StreamObserver<PullResponse> response) {
            if (historyFailure != null) {
                response.onError(historyFailure.asRuntimeException());
                return;
            }
            response.onNext(PullResponse.newBuilder().addAllMessages(log.stream()
                    .filter(m -> m.getConversationId().equals(request.getConversationId()))
                    .filter(m -> m.getSeq() > request.getAfterSeq()).limit(request.getLimit()).toList()).build());
            response.onCompleted();
        }

        @Override
        public void listMembers(ListMembersRequest request, StreamObserver<ListMembersResponse> response) {
            ListMembersResponse.Builder out = ListMembersResponse.newBuilder();
            request.getUserIdsList().stream().filter(roles::containsKey)
                    .forEach(user -> out.addMembers(Member.newBuilder().setUserId(user).setRole(roles.get(user))));
            response.onNext(out.build());
            response.onCompleted();
        }
    }

    @BeforeEach
    void start() throws Exception {
        String name = "history-" + UUID.randomUUID();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(new History()).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        policy = new RecallPolicy(new HistoryCalls(HistoryGrpc.newStub(channel)),
                GatewayPropertiesFixture.with(Map.of("recall-window", "3s")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private void logged(String conversationId, long seq, String sender, Content content) {
        log.add(Message.newBuilder().setConversationId(conversationId).setSeq(seq).setSenderId(sender)
                .setServerTimeMs(SENT_AT).setContent(content).build());
    }

    private static Content text(String text) {
        return Content.newBuilder().setText(text).build();
    }

    private RecallCheck check(String caller, String conversationId, long target) throws Exception {
        return policy.check(caller, ClientFrame.Send.newBuilder().setConversationId(conversationId).setClientSeq(9)
                .setContent(Content.newBuilder().setRecall(Recall.newBuilder().setTargetSeq(target))).build())
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void theSendersOwnMessageMayBeRecalledUntilItsServerTimePlusTheWindow() throws Exception {
        logged(DIRECT, 1, "alice", text("oops"));

        RecallCheck own = check("alice", DIRECT, 1);
        assertThat(own.getAllowedUntilMs()).isEqualTo(SENT_AT + 3_000);
        assertThat(own.getDenied()).contains("within 3 s");
    }

    @Test
    void someoneElsesMessageInADirectChatMayNeverBeRecalled() throws Exception {
        logged(DIRECT, 1, "alice", text("mine"));

        assertThat(check("bob", DIRECT, 1).getAllowedUntilMs()).isEqualTo(RecallPolicy.NEVER);
    }

    @Test
    void aGroupsOwnerAndAdminsMayRecallAnyMessageAtAnyTimeOtherMembersOnlyTheirOwnInTheWindow() throws Exception {
        logged(GROUP, 1, "alice", text("alice's"));

        assertThat(check("olga", GROUP, 1).getAllowedUntilMs()).isEqualTo(RecallPolicy.ANY_TIME);
        assertThat(check("adam", GROUP, 1).getAllowedUntilMs()).isEqualTo(RecallPolicy.ANY_TIME);
        assertThat(check("alice", GROUP, 1).getAllowedUntilMs()).isEqualTo(SENT_AT + 3_000);
        assertThat(check("bob", GROUP, 1).getAllowedUntilMs()).isEqualTo(RecallPolicy.NEVER);
    }

    @Test
    void recallsMembershipEventsAndSeqsNotStoredMayNeverBeRecalled() throws Exception {
        logged(GROUP, 1, "olga", Content.newBuilder().setMembership(Membership.newBuilder()
                .setAction(Membership.Action.CREATE).addUserIds("olga")).build());
        logged(GROUP, 2, "olga", text("hello"));
        logged(GROUP, 3, "olga", Content.newBuilder().setRecall(Recall.newBuilder().setTargetSeq(2)).build());
        logged(GROUP, 5, "olga", text("after a hole"));

        assertThat(check("olga", GROUP, 1).getDenied()).contains("recall or membership event");
        assertThat(check("olga", GROUP, 1).getAllowedUntilMs()).isEqualTo(RecallPolicy.NEVER);
        assertThat(check("olga", GROUP, 3).getAllowedUntilMs()).isEqualTo(RecallPolicy.NEVER);
        // seq 4 is a hole (history returns 5 after 3), seq 6 not issued yet
        assertThat(check("olga", GROUP, 4).getDenied()).isEqualTo("no message 4 in " + GROUP);
        assertThat(check("olga", GROUP, 4).getAllowedUntilMs()).isEqualTo(RecallPolicy.NEVER);
        assertThat(check("olga", GROUP, 6).getAllowedUntilMs()).isEqualTo(RecallPolicy.NEVER);
    }

    @Test
    void whenHistoryCannotBeAskedTheCheckFailsSoTheSendIsAnsweredUnavailable() {
        logged(DIRECT, 1, "alice", text("oops"));
        historyFailure = Status.UNAVAILABLE.withDescription("history is down");

        assertThatThrownBy(() -> check("alice", DIRECT, 1)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
}
