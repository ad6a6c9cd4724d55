package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.CreateGroupRequest;
import io.seqline.proto.v1.DeliveryGrpc;
import io.seqline.proto.v1.DeviceAddress;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.MessagingGrpc;
import io.seqline.proto.v1.PushBatch;
import io.seqline.proto.v1.PushItem;
import io.seqline.proto.v1.RejectReason;
import io.seqline.proto.v1.SendMessageRequest;
import io.seqline.proto.v1.ServerFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hardening of the edges, checked from outside against the running services: control characters are
 * refused in ids and NUL in text on every edge (so nothing PostgreSQL refuses is ever sequenced), and a
 * frame that fails to decode is answered with its requestId.
 */
class HardeningIntegrationTest extends ClusterTest {

    static ManagedChannel gateway;
    static ManagedChannel history;

    @BeforeAll
    static void channels() {
        gateway = channel(cluster.gatewayGrpcPort(0));
        history = channel(cluster.historyGrpcPort());
    }

    @AfterAll
    static void close() {
        gateway.shutdownNow();
        history.shutdownNow();
    }

    @Test
    void aNulInASendIsRejectedAtTheEdgeAndTheConversationGoesOn() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (WsTestClient a = connect(0, alice)) {
            a.sendRaw("{\"requestId\":\"nul-id\",\"send\":{\"conversationId\":\"" + conversation + "\","
                    + "\"clientMsgId\":\"m\\u0000\",\"clientSeq\":\"1\",\"content\":{\"text\":\"hi\"}}}");
            ServerFrame.Rejected rejected = a.await(f -> f.getRequestId().equals("nul-id")).getRejected();
            assertThat(rejected.getReason()).isEqualTo(RejectReason.INVALID);
            assertThat(rejected.getDetail()).isEqualTo("clientMsgId: contains a control character (U+0000)");

            a.sendRaw("{\"requestId\":\"nul-text\",\"send\":{\"conversationId\":\"" + conversation + "\","
                    + "\"clientMsgId\":\"m1\",\"clientSeq\":\"1\",\"content\":{\"text\":\"a\\u0000b\"}}}");
            rejected = a.await(f -> f.getRequestId().equals("nul-text")).getRejected();
            assertThat(rejected.getReason()).isEqualTo(RejectReason.INVALID);
            assertThat(rejected.getDetail()).isEqualTo("content.text: contains a control character (U+0000)");

            a.sendText(conversation, 1, "fine");
            assertThat(a.await(f -> f.hasMessage() && f.getMessage().getClientSeq() == 1).getMessage().getSeq()).isEqualTo(1);
        }
    }

    @Test
    void aNulInAGroupNameOrMemberIdIsAnInvalidError() throws Exception {
        try (WsTestClient a = connect(1, user("owner"))) {
            a.sendRaw("{\"requestId\":\"g1\",\"createGroup\":{\"name\":\"team\\u0000\",\"memberIds\":[\"bob\"]}}");
            ServerFrame.Error error = a.await(f -> f.getRequestId().equals("g1")).getError();
            assertThat(error.getCode()).isEqualTo("INVALID");
            assertThat(error.getMessage()).isEqualTo("name: contains a control character (U+0000)");
            a.sendRaw("{\"requestId\":\"g2\",\"createGroup\":{\"name\":\"team\",\"memberIds\":[\"bob\\u0007\"]}}");
            assertThat(a.await(f -> f.getRequestId().equals("g2")).getError().getMessage())
                    .isEqualTo("memberIds: contains a control character (U+0007)");
            a.sendRaw("{\"requestId\":\"s1\",\"sync\":{\"conversationId\":\"p:a\\u0000:b\"}}");
            assertThat(a.await(f -> f.getRequestId().equals("s1")).getError().getMessage())
                    .isEqualTo("conversationId: contains a control character (U+0000)");
        }
    }

    @Test
    void theGrpcApisRefuseControlCharactersWithInvalidArgument() {
        MessagingGrpc.MessagingBlockingStub messaging = MessagingGrpc.newBlockingStub(gateway).withCallCredentials(admin());
        assertThatThrownBy(() -> messaging.sendMessage(SendMessageRequest.newBuilder().setConversationId("p:a:b")
                .setSenderId("a").setIdempotencyKey("order\u0000").setContent(Content.newBuilder().setText("x")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("idempotencyKey: contains a control character (U+0000)");
                });
        assertThatThrownBy(() -> messaging.sendMessage(SendMessageRequest.newBuilder().setConversationId("p:a:b")
                .setSenderId("a").setIdempotencyKey("k").setContent(Content.newBuilder().setText("x\u0000")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).isEqualTo("content.text: contains a control character (U+0000)"));
        HistoryGrpc.HistoryBlockingStub groups = HistoryGrpc.newBlockingStub(history).withCallCredentials(admin());
        assertThatThrownBy(() -> groups.createGroup(CreateGroupRequest.newBuilder().setOwnerId("owner")
                .setName("n\u0000").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("name: contains a control character (U+0000)");
                });
    }

    @Test
    void theDeliveryApiIsNotServedOnThePublicPortEvenWithTheAdminKey() {
        assertThatThrownBy(() -> DeliveryGrpc.newBlockingStub(gateway).withCallCredentials(admin()).push(pongTo("nobody")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    @Test
    void theDeliveryPortRefusesTheAdminKeyAndServesTheDeliveryKey() throws Exception {
        String user = user("pushed");
        ManagedChannel delivery = channel(cluster.gatewayDeliveryPort(0));
        try (WsTestClient client = connect(0, user)) {
            assertThatThrownBy(() -> DeliveryGrpc.newBlockingStub(delivery).withCallCredentials(admin()).push(pongTo(user)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).isEqualTo("invalid delivery key");
                    });
            assertThatThrownBy(() -> MessagingGrpc.newBlockingStub(delivery).withCallCredentials(admin())
                    .issueToken(io.seqline.proto.v1.IssueTokenRequest.newBuilder().setUserId("x").build()))
                    .as("the delivery port serves nothing else")
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
            DeliveryGrpc.newBlockingStub(delivery).withCallCredentials(
                    new io.seqline.common.grpc.AdminKeyCredentials(cluster.deliveryKey())).push(pongTo(user));
            assertThat(client.await(f -> f.getRequestId().equals("pushed")).hasPong()).isTrue();
        } finally {
            delivery.shutdownNow();
        }
    }

    private static PushBatch pongTo(String user) {
        return PushBatch.newBuilder().addItems(PushItem.newBuilder()
                .setFrame(ServerFrame.newBuilder().setRequestId("pushed").setPong(ServerFrame.Pong.newBuilder().setServerTimeMs(1)))
                .addTargets(DeviceAddress.newBuilder().setUserId(user).setDeviceId("d1"))).build();
    }

    @Test
    void aFrameThatFailsToDecodeIsAnsweredWithItsRequestId() throws Exception {
        try (WsTestClient a = connect(0, user("typo"))) {
            a.sendRaw("{\"requestId\":\"rq1\",\"send\":{\"conversationId\":\"p:a:b\",\"clientMsgId\":\"m\","
                    + "\"clientSeq\":\"not-a-number\",\"content\":{\"text\":\"hi\"}}}");
            ServerFrame answer = a.await(ServerFrame::hasError);
            assertThat(answer.getRequestId()).isEqualTo("rq1");
            assertThat(answer.getError().getCode()).isEqualTo("BAD_FRAME");
        }
    }
}
