package io.seqline.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.client.ClientOptions;
import io.seqline.client.ConversationListener;
import io.seqline.client.SeqlineClient;
import io.seqline.client.ordering.GapPolicy;
import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.Message;
import io.seqline.testsupport.chaos.ChaosProxy;
import io.seqline.testsupport.chaos.ChaosSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Late is not missing: a receiver that misses pushes while PostgreSQL is down gives up on them (history
 * cannot serve them), moves on, and still shows every one of them in its place once PostgreSQL is back.
 */
class LateMessagesIntegrationTest {

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster();

    /** Shows each message in its place by seq: in-line ones at the end, late ones where they belong. */
    static final class PlacedDisplay implements ConversationListener {
        final List<Message> shown = new ArrayList<>();
        final List<Long> late = new ArrayList<>();
        final List<long[]> skipped = new ArrayList<>();

        @Override
        public synchronized void onMessage(Message message) {
            shown.add(message);
        }

        @Override
        public synchronized void onLate(Message message) {
            late.add(message.getSeq());
            int place = 0;
            while (place < shown.size() && shown.get(place).getSeq() < message.getSeq()) {
                place++;
            }
            shown.add(place, message);
        }

        @Override
        public synchronized void onSkipped(String conversationId, long fromSeq, long toSeq) {
            skipped.add(new long[] {fromSeq, toSeq});
        }

        synchronized List<Long> seqs() {
            return shown.stream().map(Message::getSeq).toList();
        }

        synchronized boolean gaveUp() {
            return !skipped.isEmpty();
        }
    }

    @Test
    void pushesMissedWhilePostgresIsDownAreShownInTheirPlaceOnceItIsBack() {
        String alice = LocalCluster.user("alice");
        String bob = LocalCluster.user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        // half of the frames to bob are dropped while the chaos is on; nothing delayed, duplicated or cut
        ChaosSettings dropping = new ChaosSettings(20261205L, 0.5, 0, Duration.ZERO, Duration.ZERO);
        try (ChaosProxy proxy = ChaosProxy.start(dropping, List.of(
                     new InetSocketAddress("127.0.0.1", cluster.cluster().gatewayClientPort(1))));
             SeqlineClient a = SeqlineClient.connect(ClientOptions.builder(cluster.endpoint(0), cluster.token(alice), "d1")
                     .build());
             SeqlineClient b = SeqlineClient.connect(ClientOptions.builder(URI.create("ws://127.0.0.1:" + proxy.port()),
                     cluster.token(bob), "d1")
                     // gives up within seconds, well inside the outage
                     .gapPolicy(new GapPolicy(Duration.ofMillis(200), 2, 2.0, Duration.ofSeconds(1), 100)).build())) {
            proxy.chaos(false);
            PlacedDisplay atBob = new PlacedDisplay();
            b.listen(conversation, atBob);
            b.welcome().join();
            sendAll(a, conversation, 1, 5); // the conversation's first seq block is reserved in PostgreSQL
            await().atMost(Duration.ofSeconds(30)).until(() -> atBob.seqs().size() == 5);

            long stoppedAt = System.nanoTime();
            cluster.postgres().stopServer();
            proxy.chaos(true);
            sendAll(a, conversation, 6, 25);
            proxy.chaos(false);
            sendAll(a, conversation, 26, 26); // reveals any gap at the end
            // bob's line gives up on what it missed while history cannot serve it; PostgreSQL stays down 10 s
            await().atMost(Duration.ofSeconds(30)).until(() -> atBob.gaveUp()
                    && System.nanoTime() - stoppedAt >= Duration.ofSeconds(10).toNanos());
            cluster.postgres().startServer();

            await().atMost(Duration.ofSeconds(90)).until(() -> atBob.seqs().size() >= 26);
            List<Long> logged = cluster.log(conversation).stream().map(Message::getSeq).toList();
            assertThat(logged).hasSize(26);
            assertThat(atBob.seqs()).as("every message, each in its place").containsExactlyElementsOf(logged);
            assertThat(atBob.late).as("some arrived after the line had moved past them").isNotEmpty();
        }
    }

    private static void sendAll(SeqlineClient client, String conversation, int from, int to) {
        List<CompletableFuture<Long>> sends = IntStream.rangeClosed(from, to)
                .mapToObj(i -> client.sendText(conversation, "message " + i)).toList();
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
    }
}
