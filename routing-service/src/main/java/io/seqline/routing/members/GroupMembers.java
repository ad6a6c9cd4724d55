package io.seqline.routing.members;

import io.grpc.StatusRuntimeException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.seqline.common.redis.RedisKeys;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.ListMembersRequest;
import io.seqline.proto.v1.Member;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Group members as the sequencer maintains them in Redis ({@code im:members:{c}}: user -> seq at which they
 * joined, 0 when unknown), cached here and dropped whenever a membership event of the group passes
 * through routing. Because the sequencer is always ahead of routing, the set read for a message already
 * contains every removal logged before it; the join seq keeps messages logged before a user joined away
 * from them. When Redis has lost the set, history's members are used.
 */
@Component
public class GroupMembers {

    private static final long TTL_MILLIS = 60_000;

    private record Entry(Map<String, Long> joinSeqs, long loadedAt) {
    }

    private final StatefulRedisConnection<String, String> redis;
    private final HistoryGrpc.HistoryBlockingStub history;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public GroupMembers(StatefulRedisConnection<String, String> redis, HistoryGrpc.HistoryBlockingStub history, Clock clock) {
        this.redis = redis;
        this.history = history;
        this.clock = clock;
    }

    /** user -> join seq (0 = unknown) of the group's current members. */
    public Map<String, Long> of(String conversationId) {
        long now = clock.millis();
        Entry entry = cache.get(conversationId);
        if (entry == null || now - entry.loadedAt() > TTL_MILLIS) {
            entry = new Entry(load(conversationId), now);
            cache.put(conversationId, entry);
        }
        return entry.joinSeqs();
    }

    public void invalidate(String conversationId) {
        cache.remove(conversationId);
    }

    private Map<String, Long> load(String conversationId) {
        Map<String, String> raw = redis.sync().hgetall(RedisKeys.members(conversationId));
        Map<String, Long> members = new HashMap<>(raw.size() * 2);
        if (!raw.isEmpty()) {
            raw.forEach((user, seq) -> {
                if (!user.isEmpty()) {
                    members.put(user, Long.parseLong(seq));
                }
            });
            return members;
        }
        try {
            for (Member member : history.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listMembers(ListMembersRequest.newBuilder().setConversationId(conversationId).build())
                    .getMembersList()) {
                members.put(member.getUserId(), 0L);
            }
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND) {
                throw e;
            }
        }
        return members;
    }
}
