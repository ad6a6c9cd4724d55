package io.seqline.history.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqline.common.error.DomainException;
import io.seqline.history.store.Messages;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.ConversationSummary;
import io.seqline.proto.v1.ListConversationsResponse;
import io.seqline.proto.v1.Message;
import io.seqline.testsupport.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A user's conversation list on PostgreSQL with history's own migrations: newest activity first in bounded
 * pages (0 means 100, at most 500), the read seq never above the max seq, the last message the highest seq.
 */
class ConversationListingTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static JdbcTemplate jdbc;
    static ConversationListing listing;
    static Messages messages;

    @BeforeAll
    static void migrate() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.user(),
                postgres.password());
        dataSource.setSchema("history");
        Flyway.configure().dataSource(dataSource).schemas("history").defaultSchema("history")
                .locations("classpath:db/migration/history").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        listing = new ConversationListing(jdbc);
        messages = new Messages(jdbc);
    }

    private static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A direct conversation of {@code user} with {@code maxSeq} messages, last active at {@code activityMs}. */
    private static String conversation(String user, String peer, long maxSeq, long activityMs, long readSeq) {
        String id = user.compareTo(peer) < 0 ? "p:" + user + ":" + peer : "p:" + peer + ":" + user;
        jdbc.update("insert into conversations (conversation_id, type, max_seq, last_activity_ms) values (?, 1, ?, ?)",
                id, maxSeq, activityMs);
        jdbc.update("insert into user_conversations (user_id, conversation_id, read_seq) values (?, ?, ?)",
                user, id, readSeq);
        List<Message> log = new ArrayList<>();
        for (long seq = 1; seq <= maxSeq; seq++) {
            log.add(Message.newBuilder().setConversationId(id).setSeq(seq).setSenderId(peer).setClientSeq(seq)
                    .setServerTimeMs(activityMs - maxSeq + seq).setContent(Content.newBuilder().setText("#" + seq)).build());
        }
        messages.insertAll(log);
        return id;
    }

    @Test
    void pagesRunFromTheNewestActivityAndTheLastOneHasNoToken() {
        String alice = user("alice");
        List<String> newestFirst = new ArrayList<>();
        for (int i = 5; i >= 1; i--) {
            newestFirst.add(conversation(alice, user("peer" + i), 1, 1_000 * i, 0));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = "";
        do {
            ListConversationsResponse page = listing.list(alice, 2, token);
            page.getItemsList().forEach(c -> seen.add(c.getConversationId()));
            pageSizes.add(page.getItemsCount());
            token = page.getNextPageToken();
        } while (!token.isEmpty());

        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void noLimitMeansAPageOfOneHundredAndMoreThanFiveHundredIsInvalid() {
        String bob = user("bob");
        for (int i = 0; i < ConversationListing.DEFAULT_LIMIT + 1; i++) {
            conversation(bob, user("p" + i), 1, 10_000 + i, 0);
        }

        ListConversationsResponse first = listing.list(bob, 0, "");
        assertThat(first.getItemsCount()).isEqualTo(ConversationListing.DEFAULT_LIMIT);
        assertThat(listing.list(bob, 0, first.getNextPageToken()).getItemsCount()).isEqualTo(1);
        assertThat(listing.list(bob, ConversationListing.MAX_LIMIT, "").getItemsCount())
                .isEqualTo(ConversationListing.DEFAULT_LIMIT + 1);

        assertThatThrownBy(() -> listing.list(bob, ConversationListing.MAX_LIMIT + 1, ""))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
                    assertThat(e.getMessage()).isEqualTo("limit: 501 (expected: <= 500)");
                });
        // uint32 on the wire: 2^32 - 1 arrives as -1 and is refused as what the caller sent
        assertThatThrownBy(() -> listing.list(bob, -1, "")).hasMessage("limit: 4294967295 (expected: <= 500)");
    }

    @Test
    void theReadSeqIsNeverAboveTheMaxSeqAndTheLastMessageIsTheHighestSeq() {
        String carol = user("carol");
        String id = conversation(carol, user("dave"), 3, 50_000, 10);

        ConversationSummary summary = listing.list(carol, 10, "").getItems(0);

        assertThat(summary.getConversationId()).isEqualTo(id);
        assertThat(summary.getMaxSeq()).isEqualTo(3);
        assertThat(summary.getReadSeq()).isEqualTo(3);
        assertThat(summary.getLastMessage().getSeq()).isEqualTo(3);
        assertThat(summary.getLastMessage().getContent().getText()).isEqualTo("#3");
    }
}
