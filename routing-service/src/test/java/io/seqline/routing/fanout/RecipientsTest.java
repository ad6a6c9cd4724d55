package io.seqline.routing.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.Membership;
import io.seqline.proto.v1.Message;
import io.seqline.routing.members.GroupMembers;
import io.seqline.testsupport.RedisExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who gets a log event, with the member sets in real Redis: both users of a direct chat; in a group, the
 * members who had joined by the event's seq, plus the users a membership event names; a membership event
 * reads the set afresh instead of the cached one.
 */
class RecipientsTest {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    static SharedRedis connection;
    /** History is not asked while Redis has the member set: a channel to nowhere makes any call fail. */
    static ManagedChannel nowhere;

    private final String group = "g:" + UUID.randomUUID().toString().substring(0, 8);
    private Recipients recipients;

    @BeforeAll
    static void connect() {
        connection = SharedRedis.connect(redis.url());
        nowhere = NettyChannelBuilder.forAddress("127.0.0.1", 1).usePlaintext().build();
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        nowhere.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        connection.close();
    }

    private Recipients recipients() {
        return new Recipients(new GroupMembers(connection, HistoryGrpc.newBlockingStub(nowhere),
                Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC)));
    }

    /** The member set as the sequencer keeps it: user -> seq of the event that made them a member; "" = loaded. */
    private void members(Map<String, String> joinedAt) {
        connection.sync().del(RedisKeys.members(group));
        connection.sync().hset(RedisKeys.members(group), Map.of("", "1"));
        connection.sync().hset(RedisKeys.members(group), joinedAt);
    }

    private static Message text(String conversationId, long seq, String sender) {
        return Message.newBuilder().setConversationId(conversationId).setSeq(seq).setSenderId(sender)
                .setContent(Content.newBuilder().setText("hi")).build();
    }

    private Message membership(long seq, Membership.Action action, String... users) {
        return Message.newBuilder().setConversationId(group).setSeq(seq).setSenderId("olga")
                .setContent(Content.newBuilder().setMembership(Membership.newBuilder().setAction(action)
                        .addAllUserIds(java.util.List.of(users)))).build();
    }

    @Test
    void bothUsersOfADirectChatTheSenderIncluded() {
        assertThat(recipients().of(text("p:alice:bob", 1, "alice"))).containsExactly("alice", "bob");
    }

    @Test
    void aGroupEventGoesToTheMembersWhoHadJoinedByItsSeq() {
        members(Map.of("olga", "1", "alice", "0", "bob", "10", "carol", "12"));
        recipients = recipients();

        assertThat(recipients.of(text(group, 10, "olga"))).containsExactlyInAnyOrder("olga", "alice", "bob");
        assertThat(recipients.of(text(group, 12, "olga"))).containsExactlyInAnyOrder("olga", "alice", "bob", "carol");
    }

    @Test
    void aMembershipEventAlsoGoesToTheUsersItNamesAndReadsTheSetAfresh() {
        members(Map.of("olga", "1", "bob", "2"));
        recipients = recipients();
        assertThat(recipients.of(text(group, 3, "olga"))).containsExactlyInAnyOrder("olga", "bob");

        // the sequencer removes bob at seq 4 and adds dave at seq 5
        connection.sync().hdel(RedisKeys.members(group), "bob");
        connection.sync().hset(RedisKeys.members(group), "dave", "5");
        assertThat(recipients.of(text(group, 3, "olga"))).as("cached until a membership event")
                .containsExactlyInAnyOrder("olga", "bob");

        assertThat(recipients.of(membership(4, Membership.Action.REMOVE, "bob")))
                .as("the removed learn of their removal").containsExactlyInAnyOrder("olga", "bob");
        assertThat(recipients.of(membership(5, Membership.Action.ADD, "dave"))).containsExactlyInAnyOrder("olga", "dave");
        assertThat(recipients.of(text(group, 6, "dave"))).containsExactlyInAnyOrder("olga", "dave");
    }
}
