package io.seqline.routing.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.testsupport.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A routing instance that did not route a group's membership event (it pushes the group's signals, say)
 * still drops its cached members when the sequencer announces the change, on real Redis; and after its
 * pub/sub connection was cut, when announcements may have been lost, it drops every group.
 */
class MemberChangeSubscriberTest {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    static SharedRedis connection;
    static ManagedChannel unusedHistory;

    @BeforeAll
    static void connect() {
        connection = SharedRedis.connect(redis.url());
        unusedHistory = ManagedChannelBuilder.forAddress("127.0.0.1", 1).usePlaintext().build(); // never called: Redis has the sets
    }

    @AfterAll
    static void disconnect() {
        unusedHistory.shutdownNow();
        connection.close();
    }

    @Test
    void anAnnouncedChangeDropsTheCachedMembersAndAReconnectDropsThemAll() {
        String group = "g:" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String other = "g:" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        connection.sync().hset(RedisKeys.members(group), java.util.Map.of("", "0", "alice", "1", "bob", "1"));
        connection.sync().hset(RedisKeys.members(other), java.util.Map.of("", "0", "carol", "1"));
        GroupMembers members = new GroupMembers(connection, HistoryGrpc.newBlockingStub(unusedHistory), Clock.systemUTC());
        MemberChangeSubscriber subscriber = new MemberChangeSubscriber(connection, members);
        subscriber.start();
        try {
            assertThat(members.of(group)).containsOnlyKeys("alice", "bob");
            assertThat(members.of(other)).containsOnlyKeys("carol");

            // bob is removed by a sequencer: the Redis set changes and the change is announced
            connection.sync().hdel(RedisKeys.members(group), "bob");
            assertThat(members.of(group)).as("still cached before the announcement").containsKey("bob");
            connection.sync().publish(RedisKeys.MEMBERS_CHANGED, group);
            await().atMost(Duration.ofSeconds(10)).until(() -> !members.of(group).containsKey("bob"));

            // an announcement lost while the subscription was cut: the reconnect drops every group
            connection.sync().hset(RedisKeys.members(other), "dave", "2");
            connection.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
            await().atMost(Duration.ofSeconds(20)).until(() -> members.of(other).containsKey("dave"));
        } finally {
            subscriber.stop();
        }
    }
}
