package io.seqline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.GetMaxSeqRequest;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.SendMessageRequest;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an integrator's test does: a bot message through the public API reaches a user's socket and history. */
class SeqlineExtensionTest {

    @RegisterExtension
    static final SeqlineExtension seqline = new SeqlineExtension(SeqlineExtension.Mode.IN_PROCESS);

    @Test
    void aBotMessageReachesTheUsersSocketAndHistory() {
        Seqline s = seqline.get();
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String conversation = "p:" + alice + ":zz-bot";
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create(s.webSocketUrl(s.token(alice), "laptop") + "&codec=json"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(f -> f.contains("\"welcome\"")));

            s.messaging().sendMessage(SendMessageRequest.newBuilder().setConversationId(conversation).setSenderId("zz-bot")
                    .setIdempotencyKey("order-42-shipped").setContent(Content.newBuilder().setText("your order shipped")).build());

            await().atMost(Duration.ofSeconds(20)).until(() -> frames.stream().anyMatch(f -> f.contains("your order shipped")));
            await().atMost(Duration.ofSeconds(20)).until(() -> s.history().pull(PullRequest.newBuilder()
                    .setConversationId(conversation).setLimit(10).build()).getMessagesCount() == 1);
            assertThat(s.sequence().getMaxSeq(GetMaxSeqRequest.newBuilder().addConversationIds(conversation).build())
                    .getMaxSeqsMap()).containsEntry(conversation, 1L);
        } finally {
            socket.abort();
        }
    }

    @Test
    void handsOutAdminCredentialsAndEndpoints(Seqline s) {
        assertThat(s).isSameAs(seqline.get());
        assertThat(s.mode()).isEqualTo("in-process");
        assertThat(s.adminKey()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(s.webSocketUrl().toString()).startsWith("ws://127.0.0.1:").endsWith("/ws");
        assertThat(s.kafkaBootstrapServers()).isNotBlank();
        assertThat(s.token("bob")).isNotBlank().isNotEqualTo(s.token("carol"));
    }
}
