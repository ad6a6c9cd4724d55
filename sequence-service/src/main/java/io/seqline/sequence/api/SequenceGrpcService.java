package io.seqline.sequence.api;

import io.grpc.stub.StreamObserver;
import io.seqline.common.error.DomainException;
import io.seqline.common.ids.ConversationIds;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.proto.v1.GetMaxSeqRequest;
import io.seqline.proto.v1.GetMaxSeqResponse;
import io.seqline.proto.v1.SequenceGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** gRPC {@code Sequence}: the highest seq issued per conversation, read from Redis in one pipeline. */
public class SequenceGrpcService extends SequenceGrpc.SequenceImplBase {

    private static final int MAX_IDS = 1000;

    private final SharedRedis redis;

    public SequenceGrpcService(SharedRedis redis) {
        this.redis = redis;
    }

    @Override
    public void getMaxSeq(GetMaxSeqRequest request, StreamObserver<GetMaxSeqResponse> response) {
        List<String> ids = request.getConversationIdsList();
        if (ids.size() > MAX_IDS) {
            throw DomainException.invalid("conversationIds: " + ids.size() + " (expected: <= " + MAX_IDS + ")");
        }
        for (String id : ids) {
            String problem = ConversationIds.problem(id);
            if (problem != null) {
                throw DomainException.invalid(problem);
            }
        }
        List<CompletableFuture<String>> replies = new ArrayList<>(ids.size());
        for (String id : ids) {
            replies.add(redis.async().hget(RedisKeys.seq(id), "cur").toCompletableFuture());
        }
        GetMaxSeqResponse.Builder out = GetMaxSeqResponse.newBuilder();
        for (int i = 0; i < ids.size(); i++) {
            String cur = replies.get(i).join();
            if (cur != null) {
                out.putMaxSeqs(ids.get(i), Long.parseLong(cur));
            }
        }
        response.onNext(out.build());
        response.onCompleted();
    }
}
