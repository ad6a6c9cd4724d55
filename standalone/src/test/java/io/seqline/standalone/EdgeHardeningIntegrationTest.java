package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.RejectReason;
import io.seqline.proto.v1.ServerFrame;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input and abuse at the edge: each gets a clear answer, the socket and the service keep working. */
class EdgeHardeningIntegrationTest extends ClusterTest {

    static Stream<Arguments> malformedFrames() {
        String big = "x".repeat(20_000);
        return Stream.of(
                Arguments.of("not JSON", "{this is not json", "error", "BAD_FRAME"),
                Arguments.of("unknown field", "{\"requestId\":\"q\",\"senderId\":\"mallory\",\"ping\":{}}", "error", "BAD_FRAME"),
                Arguments.of("wrong type", "{\"requestId\":\"q\",\"send\":{\"clientSeq\":\"abc\"}}", "error", "BAD_FRAME"),
                Arguments.of("huge number", "{\"requestId\":\"q\",\"send\":{\"clientSeq\":\"99999999999999999999999\"}}", "error", "BAD_FRAME"),
                Arguments.of("negative seq", "{\"requestId\":\"q\",\"sync\":{\"conversationId\":\"p:a:b\",\"afterSeq\":-1}}", "error", "BAD_FRAME"),
                Arguments.of("no kind", "{\"requestId\":\"q\"}", "error", "BAD_FRAME"),
                Arguments.of("zero clientSeq", send("p:a:SELF", "0", "{\"text\":\"hi\"}"), "rejected", "INVALID"),
                Arguments.of("too big clientSeq", send("p:a:SELF", "9007199254740992", "{\"text\":\"hi\"}"), "rejected", "INVALID"),
                Arguments.of("empty text", send("p:a:SELF", "1", "{\"text\":\"\"}"), "rejected", "INVALID"),
                Arguments.of("no content", send("p:a:SELF", "1", "{}"), "rejected", "INVALID"),
                Arguments.of("oversize text", send("p:a:SELF", "1", "{\"text\":\"" + big + "\"}"), "rejected", "TOO_LARGE"),
                Arguments.of("membership from a client", send("p:a:SELF", "1", "{\"membership\":{\"action\":\"ADD\",\"userIds\":[\"x\"]}}"), "rejected", "INVALID"),
                Arguments.of("bad conversation shape", send("x:y", "1", "{\"text\":\"hi\"}"), "rejected", "INVALID"),
                Arguments.of("forbidden characters", send("p:a!:b", "1", "{\"text\":\"hi\"}"), "rejected", "INVALID"),
                Arguments.of("unsorted direct id", send("p:zz:SELF", "1", "{\"text\":\"hi\"}"), "rejected", "INVALID"),
                Arguments.of("someone else's chat", send("p:aa:bb", "1", "{\"text\":\"hi\"}"), "rejected", "NOT_MEMBER"),
                Arguments.of("unknown group", send("g:nosuchgroup", "1", "{\"text\":\"hi\"}"), "rejected", "NOT_MEMBER"),
                Arguments.of("sync limit too big", "{\"requestId\":\"q\",\"sync\":{\"conversationId\":\"p:a:SELF\",\"limit\":1000}}", "error", "INVALID"),
                Arguments.of("sync of someone else's chat", "{\"requestId\":\"q\",\"sync\":{\"conversationId\":\"p:aa:bb\"}}", "error", "FORBIDDEN"),
                Arguments.of("oversize frame", "{\"requestId\":\"q\",\"ping\":{},\"x\":\"" + "y".repeat(70_000) + "\"}", "error", "TOO_LARGE"));
    }

    private static String send(String conversation, String clientSeq, String content) {
        return "{\"requestId\":\"q\",\"send\":{\"conversationId\":\"" + conversation + "\",\"clientMsgId\":\"m\","
                + "\"clientSeq\":\"" + clientSeq + "\",\"content\":" + content + "}}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void aBadFrameGetsAClearAnswerAndTheSocketStaysUsable(String name, String frame, String kind, String code) throws Exception {
        String self = "m-" + UUID.randomUUID().toString().substring(0, 8); // sorts after "a", before "zz"
        try (WsTestClient client = connect(0, self)) {
            client.sendRaw(frame.replace("SELF", self));
            ServerFrame answer = client.await(f -> f.hasError() || f.hasRejected());
            if (kind.equals("error")) {
                assertThat(answer.getError().getCode()).isEqualTo(code);
                assertThat(answer.getError().getMessage()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
            } else {
                assertThat(answer.getRejected().getReason()).isEqualTo(RejectReason.valueOf(code));
                assertThat(answer.getRejected().getDetail()).isNotBlank();
            }
            client.sendRaw("{\"requestId\":\"after\",\"ping\":{}}");
            assertThat(client.await(f -> f.getRequestId().equals("after")).hasPong()).isTrue();
        }
    }

    @Test
    void aBinaryFrameOnTheJsonCodecIsRefusedAndTheSocketStaysUsable() throws Exception {
        try (WsTestClient client = connect(1, user("bin"))) {
            client.sendBinary(new byte[] {0x0a, 0x01, 0x41});
            assertThat(client.await(ServerFrame::hasError).getError().getMessage()).contains("text frames");
            client.sendRaw("{\"requestId\":\"after\",\"ping\":{}}");
            assertThat(client.await(f -> f.getRequestId().equals("after")).hasPong()).isTrue();
        }
    }

    @Test
    void aFloodOfFramesIsRateLimitedWhileOtherClientsAreServed() throws Exception {
        try (WsTestClient flooder = connect(0, user("flood")); WsTestClient other = connect(0, user("calm"))) {
            for (int i = 0; i < 3000; i++) {
                flooder.sendRaw("{\"requestId\":\"f" + i + "\",\"ping\":{}}");
            }
            other.sendRaw("{\"requestId\":\"calm\",\"ping\":{}}");
            assertThat(other.await(f -> f.getRequestId().equals("calm")).hasPong()).isTrue();
            await().until(() -> flooder.frames(f -> f.getRequestId().startsWith("f")).size() == 3000);
            assertThat(flooder.frames(f -> f.hasError() && f.getError().getCode().equals("RATE_LIMITED"))).isNotEmpty();
            assertThat(flooder.frames(ServerFrame::hasPong)).hasSizeGreaterThanOrEqualTo(1200);
            // the bucket refills (300 frames/s here): the flooder is served again, not shut out for good
            AtomicInteger attempt = new AtomicInteger();
            await().until(() -> {
                String requestId = "later" + attempt.incrementAndGet();
                flooder.sendRaw("{\"requestId\":\"" + requestId + "\",\"ping\":{}}");
                return flooder.await(f -> f.getRequestId().equals(requestId)).hasPong();
            });
        }
    }

    @Test
    void aUserMayHoldOnlyALimitedNumberOfSocketsPerGateway() throws Exception {
        String user = user("many");
        int port = cluster.gatewayClientPort(0);
        String token = WsTestClient.devToken(port, user);
        try (WsTestClient d1 = WsTestClient.connect(port, token, "d1", null);
             WsTestClient d2 = WsTestClient.connect(port, token, "d2", null);
             WsTestClient d3 = WsTestClient.connect(port, token, "d3", null)) {
            assertThat(WsTestClient.refusedUpgradeStatus(port, "codec=json&device=d4&token=" + token)).isEqualTo(429);
            d3.close();
            await().until(() -> WsTestClient.refusedUpgradeStatus(port, "codec=json&device=d4&token=" + token) == 101);
        }
    }

    @Test
    void theSenderIsAlwaysTheTokensUser() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        try (WsTestClient a = connect(0, alice); WsTestClient b = connect(1, bob)) {
            a.sendText(ConversationIds.direct(alice, bob), 1, "signed by my token");
            assertThat(b.await(ServerFrame::hasMessage).getMessage().getSenderId()).isEqualTo(alice);
        }
    }
}
