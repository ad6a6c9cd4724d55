package io.seqline.sequence.members;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.ListMembersRequest;
import io.seqline.proto.v1.ListMembersResponse;
import io.seqline.proto.v1.Member;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a group's member set in Redis ({@code im:members:{c}}) from history-service, the durable truth,
 * when Redis does not have it (first message after a restart or flush). Members loaded this way carry
 * join seq 0 (unknown).
 */
@Component
public class GroupMembersLoader {

    private final HistoryGrpc.HistoryBlockingStub history;
    private final SharedRedis redis;

    public GroupMembersLoader(HistoryGrpc.HistoryBlockingStub history, SharedRedis redis) {
        this.history = history;
        this.redis = redis;
    }

    /** Loads the members of {@code conversationId}; false when the group does not exist. */
    public boolean load(String conversationId) {
        ListMembersResponse response;
        try {
            response = history.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listMembers(ListMembersRequest.newBuilder().setConversationId(conversationId).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
        Map<String, String> members = new HashMap<>();
        members.put("", "0");
        for (Member member : response.getMembersList()) {
            members.put(member.getUserId(), "0");
        }
        String key = RedisKeys.members(conversationId);
        // only the sequencer owning this conversation's partition writes the set: no concurrent change
        if (redis.sync().exists(key) == 0) {
            redis.sync().hset(key, members);
        }
        return true;
    }
}
