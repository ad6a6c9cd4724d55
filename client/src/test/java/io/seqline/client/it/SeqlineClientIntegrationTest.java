package io.seqline.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.client.ClientOptions;
import io.seqline.client.SendRejectedException;
import io.seqline.client.SeqlineClient;
import io.seqline.client.transport.FrameCodec;
import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.RejectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK against the real services: two gateways, both codecs, on the shared test infrastructure. */
class SeqlineClientIntegrationTest {

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster();

    private static SeqlineClient connect(int gateway, String user, FrameCodec codec) {
        return SeqlineClient.connect(ClientOptions.builder(cluster.endpoint(gateway), cluster.token(user), "d1")
                .codec(codec).build());
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void pipelinedSendsGetConsecutiveSeqsAndArriveInOrderOnTheOtherGatewayAndCodec() {
        String alice = LocalCluster.user("alice");
        String bob = LocalCluster.user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (SeqlineClient a = connect(0, alice, FrameCodec.proto()); SeqlineClient b = connect(1, bob, FrameCodec.json())) {
            Recorder atAlice = new Recorder();
            Recorder atBob = new Recorder();
            a.listen(conversation, atAlice);
            b.listen(conversation, atBob);
            b.welcome().join();

            List<CompletableFuture<Long>> sends = IntStream.rangeClosed(1, 300)
                    .mapToObj(i -> a.sendText(conversation, "message " + i)).toList();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();

            assertThat(sends).extracting(CompletableFuture::join).containsExactlyElementsOf(range(1, 300));
            await().atMost(Duration.ofSeconds(30)).until(() -> atBob.size() == 300 && atAlice.size() == 300);
            assertThat(atBob.seqs()).containsExactlyElementsOf(range(1, 300));
            assertThat(atBob.texts()).containsExactlyElementsOf(IntStream.rangeClosed(1, 300).mapToObj(i -> "message " + i).toList());
            assertThat(atAlice.shown()).isEqualTo(atBob.shown());
        }
    }

    @Test
    void aSendToSomeoneElsesConversationFailsNotMemberAndLaterSendsStillGoThrough() {
        String alice = LocalCluster.user("alice");
        String mine = ConversationIds.direct(alice, LocalCluster.user("bob"));
        String theirs = ConversationIds.direct(LocalCluster.user("carol"), LocalCluster.user("dave"));
        try (SeqlineClient a = connect(0, alice, FrameCodec.json())) {
            CompletableFuture<Long> refused = a.sendText(theirs, "let me in");
            assertThat(refused).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(SendRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(RejectReason.NOT_MEMBER));
            assertThat(a.sendText(theirs, "again").exceptionally(e -> -1L).join()).isEqualTo(-1L);
            assertThat(a.sendText(mine, "hello").orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo(1L);
        }
    }

    @Test
    void connectionsDroppedMidStreamNeitherLoseNorDoubleAMessage() {
        String alice = LocalCluster.user("alice");
        String bob = LocalCluster.user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (SeqlineClient a = connect(0, alice, FrameCodec.proto()); SeqlineClient b = connect(1, bob, FrameCodec.proto())) {
            Recorder atBob = new Recorder();
            b.listen(conversation, atBob);
            List<CompletableFuture<Long>> sends = new ArrayList<>();
            for (int i = 1; i <= 400; i++) {
                sends.add(a.sendText(conversation, "m" + i));
                if (i % 100 == 50) {
                    a.dropConnection();
                    b.dropConnection();
                }
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
            await().atMost(Duration.ofSeconds(30)).until(() -> atBob.size() >= 400);
            assertThat(atBob.texts()).containsExactlyElementsOf(IntStream.rangeClosed(1, 400).mapToObj(i -> "m" + i).toList());
            assertThat(atBob.seqs()).containsExactlyElementsOf(range(1, 400));
        }
    }

    @Test
    void aClientConnectingLaterCatchesUpOnTheWholeLogFromHistory() {
        String alice = LocalCluster.user("alice");
        String bob = LocalCluster.user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (SeqlineClient a = connect(0, alice, FrameCodec.proto())) {
            List<CompletableFuture<Long>> sends = IntStream.rangeClosed(1, 150).mapToObj(i -> a.sendText(conversation, "early " + i)).toList();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.storedMaxSeq(conversation) == 150);
        try (SeqlineClient b = connect(1, bob, FrameCodec.json())) {
            Recorder atBob = new Recorder();
            b.listen(conversation, atBob);
            await().atMost(Duration.ofSeconds(30)).until(() -> atBob.size() == 150);
            assertThat(atBob.seqs()).containsExactlyElementsOf(range(1, 150));
        }
    }

    @Test
    void sendsMadeBeforeTheFirstConnectionWaitForIt() {
        String alice = LocalCluster.user("alice");
        String conversation = ConversationIds.direct(alice, LocalCluster.user("bob"));
        try (SeqlineClient a = connect(0, alice, FrameCodec.proto())) {
            CompletableFuture<Long> first = a.sendText(conversation, "right away");
            assertThat(first.orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo(1L);
        } catch (CompletionException e) {
            throw new AssertionError(e);
        }
    }
}
