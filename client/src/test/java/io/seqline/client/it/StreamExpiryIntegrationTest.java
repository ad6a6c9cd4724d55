package io.seqline.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.seqline.client.ClientOptions;
import io.seqline.client.SeqlineClient;
import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device whose send stream the server forgot (idle past the stream TTL) resends a send that was sequenced
 * while its answers were lost: the SDK finds it in history instead of giving it a second seq, and the sends
 * that never got in go out once, keeping their clientSeqs (docs/protocol.md, {@code STREAM_EXPIRED}).
 */
class StreamExpiryIntegrationTest {

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster();

    @Test
    void aSendResentAfterItsStreamExpiredIsFoundInHistoryAndTheRestGetOneSeqEach() {
        String alice = LocalCluster.user("alice");
        String bob = LocalCluster.user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        DeafTransport network = new DeafTransport();
        try (SeqlineClient a = SeqlineClient.connect(ClientOptions.builder(cluster.endpoint(0), cluster.token(alice), "d1")
                .transport(network).build());
             SeqlineClient b = SeqlineClient.connect(ClientOptions.builder(cluster.endpoint(1), cluster.token(bob), "d1").build())) {
            Recorder atBob = new Recorder();
            b.listen(conversation, atBob);
            assertThat(a.sendText(conversation, "one").orTimeout(20, TimeUnit.SECONDS).join()).isEqualTo(1L);
            assertThat(a.sendText(conversation, "two").orTimeout(20, TimeUnit.SECONDS).join()).isEqualTo(2L);

            network.deaf(true); // the answers to "three" are lost: alice's device does not know it got a seq
            CompletableFuture<Long> three = a.sendText(conversation, "three");
            await().atMost(Duration.ofSeconds(20)).until(() -> atBob.size() >= 3);
            // the device stays away past the stream TTL: the server forgets the stream
            expireStreams(conversation);
            CompletableFuture<Long> four = a.sendText(conversation, "four");
            network.deaf(false);
            a.dropConnection(); // it comes back and resends "three" (clientSeq 3) and "four" (4)

            assertThat(three.orTimeout(30, TimeUnit.SECONDS).join()).as("found in history, not sequenced again").isEqualTo(3L);
            assertThat(four.orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo(4L);
            assertThat(a.sendText(conversation, "five").orTimeout(20, TimeUnit.SECONDS).join()).isEqualTo(5L);
            await().atMost(Duration.ofSeconds(20)).until(() -> atBob.size() >= 5);
            assertThat(atBob.texts()).containsExactly("one", "two", "three", "four", "five");
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.storedMaxSeq(conversation) >= 5);
            List<Message> log = cluster.log(conversation);
            assertThat(log).extracting(m -> m.getContent().getText()).containsExactly("one", "two", "three", "four", "five");
            assertThat(log).extracting(Message::getClientSeq).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    private static void expireStreams(String conversation) {
        RedisClient client = RedisClient.create(cluster.redis().url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> streams = connection.sync().keys("im:stream:{" + conversation + "}:*");
            assertThat(streams).as("alice's stream in the conversation").hasSize(1);
            connection.sync().del(streams.toArray(String[]::new));
        } finally {
            client.shutdown();
        }
    }
}
