package io.seqline.routing.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.proto.v1.HistoryGrpc;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GroupMembersTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @SuppressWarnings("unchecked")
    private final SharedRedis redis = mock(SharedRedis.class);
    @SuppressWarnings("unchecked")
    private final RedisClusterCommands<String, String> commands = mock(RedisClusterCommands.class);
    private final String key = RedisKeys.members("g:team");

    private GroupMembers members() {
        when(redis.sync()).thenReturn(commands);
        when(commands.hgetall(key)).thenReturn(Map.of("alice", "3", "bob", "0"));
        return new GroupMembers(redis, mock(HistoryGrpc.HistoryBlockingStub.class), clock);
    }

    @Test
    void loadsOnceThenServesFromTheCacheUntilTheTtl() {
        GroupMembers members = members();

        assertThat(members.of("g:team")).containsExactlyInAnyOrderEntriesOf(Map.of("alice", 3L, "bob", 0L));
        now.addAndGet(GroupMembers.TTL.toMillis() - 1);
        members.of("g:team");
        verify(commands, times(1)).hgetall(key);

        now.addAndGet(2);
        members.of("g:team");
        verify(commands, times(2)).hgetall(key);
    }

    @Test
    void invalidateForcesAReload() {
        GroupMembers members = members();

        members.of("g:team");
        members.invalidate("g:team");
        members.of("g:team");

        verify(commands, times(2)).hgetall(key);
    }
}
