package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.RejectReason;
import io.seqline.proto.v1.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The whole message path on real Kafka, Redis and PostgreSQL, with two gateways: clients speak only the
 * JSON codec of the contract.
 */
class PipelineIntegrationTest extends ClusterTest {

    @Test
    void pipelinedSendsAcrossTwoGatewaysArriveInSenderOrderWithConsecutiveSeqs() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (WsTestClient a = connect(0, alice); WsTestClient b = connect(1, bob)) {
            for (long cs = 1; cs <= 1000; cs++) {
                a.sendText(conversation, cs, "message " + cs);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> messagesOf(b, conversation).size() >= 1000);
            await().atMost(Duration.ofSeconds(30)).until(() -> messagesOf(a, conversation).size() >= 1000);

            List<Message> received = messagesOf(b, conversation);
            assertThat(received).hasSize(1000);
            assertThat(received).extracting(Message::getSeq).containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
            assertThat(received).extracting(Message::getClientSeq).containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
            assertThat(received).allSatisfy(m -> assertThat(m.getSenderId()).isEqualTo(alice));
            assertThat(received.get(41).getContent().getText()).isEqualTo("message 42");

            List<Message> echoes = messagesOf(a, conversation);
            assertThat(echoes).extracting(Message::getClientMsgId)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).mapToObj(cs -> "m" + cs).toList());
        }
    }

    @Test
    void resendingAnAcknowledgedClientSeqGetsSendAckWithTheSameSeqAndTheLogDoesNotGrow() throws Exception {
        String alice = user("alice");
        String conversation = ConversationIds.direct(alice, user("bob"));
        try (WsTestClient a = connect(0, alice)) {
            for (long cs = 1; cs <= 5; cs++) {
                a.sendText(conversation, cs, "hello " + cs);
            }
            await().until(() -> messagesOf(a, conversation).size() == 5);
            long seqOfThird = messagesOf(a, conversation).get(2).getSeq();

            a.sendText(conversation, 3, "hello 3");
            ServerFrame ack = a.await(ServerFrame::hasSendAck);
            assertThat(ack.getSendAck().getSeq()).isEqualTo(seqOfThird);
            assertThat(ack.getSendAck().getClientSeq()).isEqualTo(3);
            assertThat(ack.getSendAck().getClientMsgId()).isEqualTo("m3");

            a.send(ClientFrame.newBuilder().setRequestId("s1").setSync(ClientFrame.Sync.newBuilder()
                    .setConversationId(conversation).setAfterSeq(0)).build());
            ServerFrame.SyncResult sync = a.await(f -> f.getRequestId().equals("s1") && f.hasSyncResult()).getSyncResult();
            assertThat(sync.getMaxSeq()).isEqualTo(5);
            assertThat(sync.getMessagesList()).hasSize(5);
            assertThat(messagesOf(a, conversation)).hasSize(5);
        }
    }

    @Test
    void aClientSeqThatSkipsAheadIsRejectedOutOfOrderWithTheExpectedClientSeq() throws Exception {
        String alice = user("alice");
        String conversation = ConversationIds.direct(alice, user("bob"));
        try (WsTestClient a = connect(1, alice)) {
            a.sendText(conversation, 1, "first");
            a.await(f -> f.hasMessage() && f.getMessage().getClientSeq() == 1);
            a.sendText(conversation, 5, "fifth");
            ServerFrame rejected = a.await(ServerFrame::hasRejected);
            assertThat(rejected.getRejected().getReason()).isEqualTo(RejectReason.OUT_OF_ORDER);
            assertThat(rejected.getRejected().getExpectedClientSeq()).isEqualTo(2);
            assertThat(rejected.getRequestId()).isEqualTo("r5");

            a.sendText(conversation, 2, "second"); // go-back-N from the expected clientSeq
            Message second = a.await(f -> f.hasMessage() && f.getMessage().getClientSeq() == 2).getMessage();
            assertThat(second.getSeq()).isEqualTo(2);
        }
    }

    @Test
    void syncReturnsTheRequestedRangeWithThroughSeq() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (WsTestClient a = connect(0, alice); WsTestClient b = connect(1, bob)) {
            for (long cs = 1; cs <= 10; cs++) {
                a.sendText(conversation, cs, "m" + cs);
            }
            await().until(() -> messagesOf(b, conversation).size() == 10);
            ServerFrame.SyncResult page = syncUntilPersisted(b, conversation, 3, 4, 10);
            assertThat(page.getMessagesList()).extracting(Message::getSeq).containsExactly(4L, 5L, 6L, 7L);
            assertThat(page.getThroughSeq()).isEqualTo(7);
            assertThat(page.getMaxSeq()).isEqualTo(10);

            ServerFrame.SyncResult rest = syncUntilPersisted(b, conversation, 7, 100, 10);
            assertThat(rest.getMessagesList()).extracting(Message::getSeq).containsExactly(8L, 9L, 10L);
            assertThat(rest.getThroughSeq()).isEqualTo(10);
            assertThat(rest.getMessages(0).getContent().getText()).isEqualTo("m8");
        }
    }

    /** History writes asynchronously: sync until it has persisted {@code maxSeq}. */
    private static ServerFrame.SyncResult syncUntilPersisted(WsTestClient client, String conversation, long after,
                                                            int limit, long maxSeq) {
        ServerFrame.SyncResult[] last = new ServerFrame.SyncResult[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            String requestId = java.util.UUID.randomUUID().toString();
            client.send(ClientFrame.newBuilder().setRequestId(requestId).setSync(ClientFrame.Sync.newBuilder()
                    .setConversationId(conversation).setAfterSeq(after).setLimit(limit)).build());
            last[0] = client.await(f -> f.getRequestId().equals(requestId)).getSyncResult();
            return last[0].getMaxSeq() == maxSeq;
        });
        return last[0];
    }

    @Test
    void aForgedExpiredOrMissingTokenGets401BeforeTheUpgrade() throws Exception {
        int port = cluster.gatewayClientPort(0);
        String forged = new io.seqline.gateway.auth.TokenService(new io.seqline.gateway.auth.JwtProperties(
                "another-secret-that-is-long-enough-0123456789", "seqline", Duration.ofHours(1), Duration.ofDays(1)),
                java.time.Clock.systemUTC()).issue("mallory", Duration.ZERO).token();
        String expired = new io.seqline.gateway.auth.TokenService(new io.seqline.gateway.auth.JwtProperties(
                "test-jwt-secret-0123456789abcdef0123456789", "seqline", Duration.ofHours(1), Duration.ofDays(1)),
                java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(-2))).issue("mallory", Duration.ofHours(1)).token();

        assertThat(WsTestClient.refusedUpgradeStatus(port, "codec=json&device=d1&token=" + forged)).isEqualTo(401);
        assertThat(WsTestClient.refusedUpgradeStatus(port, "codec=json&device=d1&token=" + expired)).isEqualTo(401);
        assertThat(WsTestClient.refusedUpgradeStatus(port, "codec=json&device=d1")).isEqualTo(401);
        assertThat(WsTestClient.refusedUpgradeStatus(port, "codec=json&device=d1&token=not.a.jwt")).isEqualTo(401);
    }

    @Test
    void aMalformedFrameGetsAnErrorFrameAndTheConnectionStaysUsable() throws Exception {
        try (WsTestClient a = connect(0, user("alice"))) {
            a.sendRaw("{this is not json");
            ServerFrame error = a.await(ServerFrame::hasError);
            assertThat(error.getError().getCode()).isEqualTo("BAD_FRAME");
            assertThat(error.getError().getMessage()).isNotBlank().doesNotContain("Exception");

            a.sendRaw("{\"requestId\":\"p1\",\"ping\":{}}");
            ServerFrame pong = a.await(f -> f.getRequestId().equals("p1"));
            assertThat(pong.hasPong()).isTrue();
        }
    }

    @Test
    void afterRedisIsFlushedTheNextSeqIsGreaterThanEverySeqIssuedBefore() throws Exception {
        String alice = user("alice");
        String conversation = ConversationIds.direct(alice, user("bob"));
        try (WsTestClient a = connect(0, alice)) {
            for (long cs = 1; cs <= 3; cs++) {
                a.sendText(conversation, cs, "before " + cs);
            }
            await().until(() -> messagesOf(a, conversation).size() == 3);
            long lastBefore = messagesOf(a, conversation).get(2).getSeq();

            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().flushall();
                // gateways re-register their routes by themselves (every second in this cluster, 10 s by default)
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        connection.sync().exists(io.seqline.common.redis.RedisKeys.route(alice),
                                io.seqline.common.redis.RedisKeys.gateway("gw-1"),
                                io.seqline.common.redis.RedisKeys.gateway("gw-2")) == 3);
            } finally {
                client.shutdown();
            }

            // the stream state is gone too: the stream restarts at whatever clientSeq comes next
            a.sendText(conversation, 4, "after flush");
            Message after = a.await(f -> f.hasMessage() && f.getMessage().getClientSeq() == 4, Duration.ofSeconds(30)).getMessage();
            assertThat(after.getSeq()).isGreaterThan(lastBefore);
        }
    }
}
