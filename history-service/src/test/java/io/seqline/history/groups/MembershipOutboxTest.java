package io.seqline.history.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.common.error.DomainException;
import io.seqline.history.HistoryUnderTest;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.Membership;
import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A group change committed while Kafka is down still reaches the log, in the order of the changes: the
 * membership outbox publishes it once Kafka is back. (Before the outbox the change was committed to
 * PostgreSQL, its event was lost, and the client's retry found nothing left to change: the removed member
 * stayed a member in the log for good.)
 */
class MembershipOutboxTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static ConfigurableApplicationContext history;

    @BeforeAll
    static void start() {
        history = HistoryUnderTest.start(kafka, postgres, "--seqline.topics.partitions=2", "--seqline.history.outbox-relay-interval=500ms");
    }

    @AfterAll
    static void stop() {
        if (history != null) {
            history.close();
        }
    }

    @Test
    void changesCommittedWhileKafkaIsDownReachTheLogInOrderOnceItIsBack() {
        GroupService groups = history.getBean(GroupService.class);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + run;
        String bob = "bob-" + run;
        String group = groups.create(owner, "outbox", List.of(bob));
        await().atMost(Duration.ofSeconds(30)).until(() -> membershipEvents(group).size() == 1);

        kafka.stopBroker();
        try {
            tryChange(() -> groups.remove(group, owner, List.of(bob)));
            tryChange(() -> groups.add(group, owner, List.of(bob)));
            tryChange(() -> groups.remove(group, owner, List.of(bob)));
        } finally {
            kafka.startBroker();
        }
        // the client's retry of the last change: nothing is left to change
        tryChange(() -> groups.remove(group, owner, List.of(bob)));

        await().atMost(Duration.ofSeconds(90)).until(() -> distinct(membershipEvents(group)).size() == 4);
        assertThat(distinct(membershipEvents(group))).containsExactly(
                "CREATE " + List.of(owner, bob), "REMOVE " + List.of(bob), "ADD " + List.of(bob), "REMOVE " + List.of(bob));
        assertThat(groups.isMember(group, bob)).isFalse();
    }

    /** A change as a client makes it: an UNAVAILABLE answer is what the code before the outbox gave. */
    private static void tryChange(Runnable change) {
        try {
            change.run();
        } catch (DomainException e) {
            assertThat(e.kind()).isEqualTo(DomainException.Kind.UNAVAILABLE);
        }
    }

    /** The group's membership events in im.inbound, in log order, as "ACTION [users]" with their event id. */
    private static List<String[]> membershipEvents(String group) {
        List<String[]> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "group.id", "outbox-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("im.inbound"));
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    if (!group.equals(record.key())) {
                        continue;
                    }
                    InboundEnvelope envelope = InboundEnvelope.parseFrom(record.value());
                    Membership membership = envelope.getSend().getContent().getMembership();
                    events.add(new String[] {envelope.getStreamId(),
                            membership.getAction() + " " + membership.getUserIdsList()});
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    /** Each event once (an event published twice is answered as a duplicate by the sequencer). */
    private static List<String> distinct(List<String[]> events) {
        java.util.LinkedHashMap<String, String> byId = new java.util.LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e[0], e[1]));
        return List.copyOf(byId.values());
    }
}
