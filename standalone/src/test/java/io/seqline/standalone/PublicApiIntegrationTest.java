package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.ChangeMembersRequest;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.CreateGroupRequest;
import io.seqline.proto.v1.GetMaxSeqRequest;
import io.seqline.proto.v1.GetPresenceRequest;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.IssueTokenRequest;
import io.seqline.proto.v1.ListMembersRequest;
import io.seqline.proto.v1.Member;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.MessagingGrpc;
import io.seqline.proto.v1.OfflineNotice;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.RecallRequest;
import io.seqline.proto.v1.SendMessageRequest;
import io.seqline.proto.v1.SequenceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The public gRPC API (admin key), system messages, presence and offline notices. */
class PublicApiIntegrationTest extends ClusterTest {

    static ManagedChannel gateway;
    static ManagedChannel history;
    static ManagedChannel sequence;

    @BeforeAll
    static void channels() {
        gateway = channel(cluster.gatewayGrpcPort(0));
        history = channel(cluster.historyGrpcPort());
        sequence = channel(cluster.sequenceGrpcPort());
    }

    @AfterAll
    static void close() {
        gateway.shutdownNow();
        history.shutdownNow();
        sequence.shutdownNow();
    }

    @Test
    void callsWithoutTheAdminKeyAreRefusedButHealthIsOpen() {
        assertThatThrownBy(() -> HistoryGrpc.newBlockingStub(history).pull(PullRequest.newBuilder()
                .setConversationId("p:a:b").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> MessagingGrpc.newBlockingStub(gateway).withCallCredentials(
                new io.seqline.common.grpc.AdminKeyCredentials("wrong-key-but-long-enough")).issueToken(
                IssueTokenRequest.newBuilder().setUserId("alice").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        for (ManagedChannel channel : List.of(gateway, history, sequence)) {
            assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                    .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        }
    }

    @Test
    void badInputIsInvalidArgumentWithAClearReason() {
        assertThatThrownBy(() -> HistoryGrpc.newBlockingStub(history).withCallCredentials(admin())
                .pull(PullRequest.newBuilder().setConversationId("p:b:a").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("a < b");
                });
        assertThatThrownBy(() -> HistoryGrpc.newBlockingStub(history).withCallCredentials(admin())
                .addMembers(ChangeMembersRequest.newBuilder().setConversationId("g:nosuchgroup").addUserIds("x").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void anIssuedTokenLogsInAndPresenceFollowsTheConnection() throws Exception {
        String carol = user("carol");
        String token = MessagingGrpc.newBlockingStub(gateway).withCallCredentials(admin())
                .issueToken(IssueTokenRequest.newBuilder().setUserId(carol).setTtlSeconds(600).build()).getToken();
        var presence = MessagingGrpc.newBlockingStub(gateway).withCallCredentials(admin());
        assertThat(presence.getPresence(GetPresenceRequest.newBuilder().addUserIds(carol).build()).getItems(0).getOnline())
                .isFalse();
        try (WsTestClient c = WsTestClient.connect(cluster.gatewayClientPort(1), token, "tablet", null)) {
            var online = presence.getPresence(GetPresenceRequest.newBuilder().addUserIds(carol).build()).getItems(0);
            assertThat(online.getOnline()).isTrue();
            assertThat(online.getDeviceIdsList()).containsExactly("tablet");
        }
        await().until(() -> !presence.getPresence(GetPresenceRequest.newBuilder().addUserIds(carol).build())
                .getItems(0).getOnline());
    }

    @Test
    void aSystemMessageIsLoggedOncePerIdempotencyKeyAndReachesTheMembers() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (WsTestClient b = connect(0, bob)) {
            var messaging = MessagingGrpc.newBlockingStub(gateway).withCallCredentials(admin());
            SendMessageRequest request = SendMessageRequest.newBuilder().setConversationId(conversation)
                    .setSenderId("billing-bot").setIdempotencyKey("invoice-42")
                    .setContent(Content.newBuilder().setText("Your invoice is ready")).build();
            messaging.sendMessage(request);
            messaging.sendMessage(request);
            Message delivered = b.await(f -> f.hasMessage() && f.getMessage().getSenderId().equals("billing-bot")).getMessage();
            assertThat(delivered.getContent().getText()).isEqualTo("Your invoice is ready");

            // a marker published after the repeat: once it is logged, the repeat has been decided (same partition)
            messaging.sendMessage(request.toBuilder().setIdempotencyKey("marker")
                    .setContent(Content.newBuilder().setText("marker")).build());
            var pull = HistoryGrpc.newBlockingStub(history).withCallCredentials(admin());
            await().until(() -> pull.pull(PullRequest.newBuilder().setConversationId(conversation).build())
                    .getMessagesList().stream().anyMatch(m -> m.getContent().getText().equals("marker")));
            assertThat(pull.pull(PullRequest.newBuilder().setConversationId(conversation).build()).getMessagesList())
                    .extracting(m -> m.getContent().getText(), Message::getSeq)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Your invoice is ready", 1L),
                            org.assertj.core.groups.Tuple.tuple("marker", 2L));
            assertThat(SequenceGrpc.newBlockingStub(sequence).withCallCredentials(admin())
                    .getMaxSeq(GetMaxSeqRequest.newBuilder().addConversationIds(conversation).build()).getMaxSeqsMap())
                    .containsEntry(conversation, 2L);
        }
    }

    @Test
    void groupsAreManagedThroughHistoryAndAnAdminRecallBlanksTheMessage() throws Exception {
        String owner = user("owner");
        String bob = user("bob");
        var api = HistoryGrpc.newBlockingStub(history).withCallCredentials(admin());
        String group = api.createGroup(CreateGroupRequest.newBuilder().setOwnerId(owner).setName("ops")
                .addMemberIds(bob).build()).getConversationId();
        assertThat(api.listMembers(ListMembersRequest.newBuilder().setConversationId(group).build()).getMembersList())
                .extracting(Member::getUserId, Member::getRole)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(owner, Member.Role.OWNER),
                        org.assertj.core.groups.Tuple.tuple(bob, Member.Role.MEMBER));
        try (WsTestClient b = connect(1, bob)) {
            b.sendText(group, 1, "secret");
            long seq = b.await(f -> f.hasMessage() && f.getMessage().getClientMsgId().equals("m1")).getMessage().getSeq();
            await().until(() -> api.pull(PullRequest.newBuilder().setConversationId(group).build()).getMaxSeq() >= seq);
            api.recall(RecallRequest.newBuilder().setConversationId(group).setTargetSeq(seq).build());
            b.await(f -> f.hasMessage() && f.getMessage().getContent().hasRecall());
            await().until(() -> api.pull(PullRequest.newBuilder().setConversationId(group).build()).getMessagesList()
                    .stream().anyMatch(m -> m.getSeq() == seq && m.getRecalled() && !m.hasContent()));
        }
    }

    @Test
    void aRecipientWithNoConnectedDeviceGetsAnOfflineNotice() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        try (WsTestClient a = connect(0, alice);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "group.id", "offline-" + bob, "auto.offset.reset", "earliest"), new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of("im.offline"));
            a.sendText(ConversationIds.direct(alice, bob), 1, "are you there?");
            List<OfflineNotice> notices = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    try {
                        OfflineNotice notice = OfflineNotice.parseFrom(r.value());
                        if (notice.getUserId().equals(bob)) {
                            notices.add(notice);
                        }
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                    }
                });
                return !notices.isEmpty();
            });
            assertThat(notices.get(0).getPreview()).isEqualTo("are you there?");
            assertThat(notices.get(0).getSenderId()).isEqualTo(alice);
        }
    }

    @Test
    void aTenThousandMemberGroupDeliversToItsOnlineMembers() throws Exception {
        String owner = user("big-owner");
        var api = HistoryGrpc.newBlockingStub(history).withCallCredentials(admin());
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 9_999; i++) {
            members.add("big-" + i + "-" + owner);
        }
        String group = api.createGroup(CreateGroupRequest.newBuilder().setOwnerId(owner).setName("everyone")
                .addAllMemberIds(members).build()).getConversationId();
        assertThat(api.listMembers(ListMembersRequest.newBuilder().setConversationId(group).build()).getMembersCount())
                .isEqualTo(10_000);
        List<WsTestClient> online = new ArrayList<>();
        try {
            WsTestClient o = connect(0, owner);
            online.add(o);
            for (int i = 0; i < 10; i++) {
                online.add(connect(i % 2, members.get(i * 997)));
            }
            o.sendText(group, 1, "hello ten thousand");
            for (WsTestClient client : online) {
                Message got = client.await(f -> f.hasMessage() && f.getMessage().getClientMsgId().equals("m1"),
                        Duration.ofSeconds(30)).getMessage();
                assertThat(got.getContent().getText()).isEqualTo("hello ten thousand");
            }
        } finally {
            online.forEach(WsTestClient::close);
        }
    }
}
