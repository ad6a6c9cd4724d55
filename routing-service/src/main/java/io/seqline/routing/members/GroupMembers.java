package io.seqline.routing.members;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.grpc.StatusRuntimeException;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.ListMembersRequest;
import io.seqline.proto.v1.Member;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Group members as the sequencer maintains them in Redis ({@code im:members:{c}}: user -> seq at which they
 * joined, 0 when unknown), cached here and dropped whenever a membership event of the group passes
 * through routing. Because the sequencer is always ahead of routing, the set read for a message already
 * contains every removal logged before it; the join seq keeps messages logged before a user joined away
 * from them. When Redis has lost the set, history's members are used. The cache (Caffeine) also forgets a
 * group a minute after loading it, and keeps at most {@value #MAX_GROUPS} groups. Every instance also drops a
 * group when the sequencer announces a change of it ({@link MemberChangeSubscriber}), so the instances that
 * push a group's signals, which did not route its membership event, follow the log too.
 */
@Component
public class GroupMembers {

    static final Duration TTL = Duration.ofMinutes(1);
    static final int MAX_GROUPS = 100_000;

    private final SharedRedis redis;
    private final HistoryGrpc.HistoryBlockingStub history;
    private final Cache<String, Map<String, Long>> cache;

    public GroupMembers(SharedRedis redis, HistoryGrpc.HistoryBlockingStub history, Clock clock) {
        this.redis = redis;
        this.history = history;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(TTL)
                .maximumSize(MAX_GROUPS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** user -> join seq (0 = unknown) of the group's current members. */
    public Map<String, Long> of(String conversationId) {
        // loaded outside the cache's lock: a slow history call must not hold up other groups
        Map<String, Long> members = cache.getIfPresent(conversationId);
        if (members == null) {
            members = load(conversationId);
            cache.put(conversationId, members);
        }
        return members;
    }

    public void invalidate(String conversationId) {
        cache.invalidate(conversationId);
    }

    /** Forgets every group (a change announcement may have been missed). */
    public void invalidateAll() {
        cache.invalidateAll();
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
