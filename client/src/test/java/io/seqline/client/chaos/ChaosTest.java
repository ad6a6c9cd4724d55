package io.seqline.client.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.client.it.LocalCluster;
import io.seqline.client.transport.FrameCodec;
import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.Message;
import io.seqline.testsupport.chaos.ChaosProxy;
import io.seqline.testsupport.chaos.ChaosSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proof of the ordering model: 20 devices in 20 direct conversations (a ring: each device talks to
 * its two neighbours) exchange 10,000 messages through the {@link ChaosProxy} (5 % of server frames
 * dropped, 5 % doubled, all reordered within 200 ms, every connection cut after about 2 s) while one of
 * the two gateways is stopped halfway, so that its devices move to the other. Every device must then
 * show every conversation exactly as the server logged it. Replay a run with
 * {@code -Dseqline.chaos.seed=<seed>} (the seed is in the printed line and in every failure).
 */
class ChaosTest {

    private static final int CLIENTS = 20;
    private static final int MESSAGES_PER_CONVERSATION_AND_SENDER = 250;

    @RegisterExtension
    static final LocalCluster cluster = new LocalCluster();

    @Test
    void twentyDevicesUnderNetworkChaosShowEveryConversationExactlyAsTheServerLoggedIt() {
        long seed = Long.getLong("seqline.chaos.seed", new SecureRandom().nextLong());
        try (ChaosProxy proxy = ChaosProxy.start(ChaosSettings.standard(seed), List.of(
                     new InetSocketAddress("127.0.0.1", cluster.cluster().gatewayClientPort(0)),
                     new InetSocketAddress("127.0.0.1", cluster.cluster().gatewayClientPort(1))))) {
            run(cluster, proxy, seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("chaos run failed; replay with -Dseqline.chaos.seed=" + seed + ": " + e.getMessage(), e);
        }
    }

    private static void run(LocalCluster cluster, ChaosProxy proxy, long seed) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            users.add("u" + i + "-" + run);
        }
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            conversations.add(ConversationIds.direct(users.get(i), users.get((i + 1) % CLIENTS)));
        }
        URI endpoint = URI.create("ws://127.0.0.1:" + proxy.port());
        List<ChaosClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                List<String> mine = List.of(conversations.get((i + CLIENTS - 1) % CLIENTS), conversations.get(i));
                clients.add(new ChaosClient(users.get(i), "c" + i, endpoint, cluster.token(users.get(i)),
                        i % 2 == 0 ? FrameCodec.proto() : FrameCodec.json(), seed + i, mine));
            }
            exchange(cluster, clients);
            check(cluster, proxy, clients, conversations, seed);
        } finally {
            clients.forEach(ChaosClient::close);
        }
    }

    /** Every device sends its share in a burst; gateway 2 stops when a third of the sends are done. */
    private static void exchange(LocalCluster cluster, List<ChaosClient> clients) {
        for (int index = 1; index <= MESSAGES_PER_CONVERSATION_AND_SENDER; index++) {
            for (ChaosClient client : clients) {
                for (String conversation : client.shown.keySet()) {
                    client.send(conversation, index);
                }
            }
        }
        long total = clients.stream().mapToLong(c -> c.sent.size()).sum();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> clients.stream().mapToLong(ChaosClient::completed).sum() >= total / 3);
        cluster.cluster().stopGateway(1);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> clients.stream().mapToLong(ChaosClient::completed).sum() == total);
        assertThat(clients).allSatisfy(c -> assertThat(c.failed()).as("failed sends of %s", c.user).isZero());
    }

    private static void check(LocalCluster cluster, ChaosProxy proxy, List<ChaosClient> clients, List<String> conversations,
                              long seed) {
        Map<String, Long> maxSeqs = new HashMap<>();
        for (ChaosClient client : clients) {
            client.sent.forEach(s -> maxSeqs.merge(s.conversationId(), s.seq().join(), Math::max));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> conversations.stream().allMatch(c -> cluster.storedMaxSeq(c) >= maxSeqs.get(c)));
        Map<String, List<Message>> logs = new LinkedHashMap<>();
        conversations.forEach(c -> logs.put(c, cluster.log(c)));
        // connections keep being cut, and every reconnect syncs: the last messages reach everyone too
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> clients.stream().allMatch(c -> c.caughtUp(maxSeqs)));

        List<ChaosVerdict.Display> displays = new ArrayList<>();
        clients.forEach(c -> c.shown.forEach((conversation, shown) ->
                displays.add(new ChaosVerdict.Display(c.user, conversation, List.copyOf(shown)))));
        ChaosVerdict verdict = ChaosVerdict.of(logs, displays);
        System.out.println(verdict.line(seed));
        System.out.println("proxy " + proxy.stats());

        assertThat(verdict.clean()).as(verdict.toString()).isTrue();
        assertThat(verdict.messages()).isEqualTo(clients.stream().mapToLong(c -> c.sent.size()).sum());
        assertThat(verdict.deliveries()).isEqualTo(2 * verdict.messages());
        for (ChaosClient client : clients) {
            for (ChaosClient.Sent sent : client.sent) {
                Message logged = logs.get(sent.conversationId()).stream()
                        .filter(m -> m.getContent().getText().equals(sent.text())).findFirst().orElseThrow();
                assertThat(sent.seq().join()).as("seq of %s", sent.text()).isEqualTo(logged.getSeq());
            }
        }
        assertThat(proxy.stats().cuts()).isPositive();
        assertThat(proxy.stats().dropped()).isPositive();
        assertThat(proxy.stats().duplicated()).isPositive();
        assertThat(proxy.stats().failovers()).as("devices of the stopped gateway moved").isPositive();
    }
}
