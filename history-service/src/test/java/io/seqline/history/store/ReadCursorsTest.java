package io.seqline.history.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.common.ids.ConversationIds;
import io.seqline.history.HistoryUnderTest;
import io.seqline.history.groups.GroupService;
import io.seqline.history.listing.ConversationListing;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.ConversationSummary;
import io.seqline.proto.v1.Membership;
import io.seqline.proto.v1.Message;
import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Read cursors count what is unread, so they must stay honest: one never points past the conversation's
 * highest stored seq (else every later message would count as read), and one never goes back when a member
 * is removed and added again (else everything they had read would count as unread), while the messages of
 * the time they were out, which their pulls do not show, do not count as unread either.
 */
class ReadCursorsTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static ConfigurableApplicationContext history;
    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        history = HistoryUnderTest.start(kafka, postgres, "--seqline.topics.partitions=2", "--seqline.history.outbox-relay-interval=500ms");
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (history != null) {
            history.close();
        }
    }

    @Test
    void aCursorMarkedPastTheHighestStoredSeqStopsThereSoLaterMessagesAreUnread() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = "alice-" + run;
        String bob = "bob-" + run;
        String conversation = ConversationIds.direct(alice, bob);
        for (long seq = 1; seq <= 3; seq++) {
            log(text(conversation, seq, alice));
        }
        awaitStored(conversation, 3);

        long stored = history.getBean(ReadCursors.class).advance(bob, conversation, 1_000_000);
        assertThat(stored).as("the cursor stops at the highest stored seq").isEqualTo(3);

        log(text(conversation, 4, alice));
        log(text(conversation, 5, alice));
        awaitStored(conversation, 5);
        ConversationSummary summary = summary(bob, conversation);
        assertThat(summary.getMaxSeq() - summary.getReadSeq()).as("unread").isEqualTo(2);
    }

    @Test
    void aMemberRemovedAndAddedAgainKeepsTheirCursorAndTheTimeTheyWereOutIsNotUnread() {
        GroupService groups = history.getBean(GroupService.class);
        ReadCursors cursors = history.getBean(ReadCursors.class);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + run;
        String bob = "bob-" + run;
        String group = groups.create(owner, "cursors", List.of(bob));
        // the log as the sequencer would write it: the creation at seq 1, then three messages
        log(membership(group, 1, Membership.Action.CREATE, owner, bob));
        for (long seq = 2; seq <= 4; seq++) {
            log(text(group, seq, owner));
        }
        awaitStored(group, 4);
        assertThat(cursors.advance(bob, group, 4)).isEqualTo(4);

        groups.remove(group, owner, List.of(bob));
        log(membership(group, 5, Membership.Action.REMOVE, bob));
        for (long seq = 6; seq <= 8; seq++) {
            log(text(group, seq, owner));
        }
        awaitStored(group, 8);
        assertThat(history.getBean(ConversationListing.class).list(bob, 0, "").getItemsList())
                .as("a removed member's list no longer shows the group").noneMatch(c -> c.getConversationId().equals(group));

        groups.add(group, owner, List.of(bob));
        assertThat(summary(bob, group).getReadSeq()).as("re-added: the cursor did not go back").isEqualTo(4);

        log(membership(group, 9, Membership.Action.ADD, bob));
        log(text(group, 10, owner));
        awaitStored(group, 10);
        ConversationSummary summary = summary(bob, group);
        assertThat(summary.getReadSeq()).as("seqs 5 to 8 (the time out) are not unread").isEqualTo(8);
        assertThat(summary.getMaxSeq() - summary.getReadSeq()).as("unread: the re-add event and one message").isEqualTo(2);
    }

    private static ConversationSummary summary(String user, String conversation) {
        return history.getBean(ConversationListing.class).list(user, 0, "").getItemsList().stream()
                .filter(c -> c.getConversationId().equals(conversation)).findFirst()
                .orElseThrow(() -> new AssertionError(conversation + " is not in " + user + "'s list"));
    }

    private static void awaitStored(String conversation, long maxSeq) {
        JdbcTemplate jdbc = history.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select coalesce(max(seq), 0) from messages where conversation_id = ?", Long.class, conversation) == maxSeq);
    }

    private static Message text(String conversation, long seq, String sender) {
        return Message.newBuilder().setConversationId(conversation).setSeq(seq).setSenderId(sender).setSenderDevice("d1")
                .setClientMsgId("m" + seq).setClientSeq(seq).setServerTimeMs(seq)
                .setContent(Content.newBuilder().setText("message " + seq)).build();
    }

    private static Message membership(String group, long seq, Membership.Action action, String... users) {
        return Message.newBuilder().setConversationId(group).setSeq(seq).setSenderId("system").setServerTimeMs(seq)
                .setContent(Content.newBuilder().setMembership(Membership.newBuilder().setAction(action)
                        .addAllUserIds(List.of(users)))).build();
    }

    private static void log(Message message) {
        producer.send(new ProducerRecord<>("im.messages", message.getConversationId(), message.toByteArray()));
        producer.flush();
    }
}
