package io.seqline.gateway.messaging;

import io.grpc.stub.StreamObserver;
import io.seqline.common.error.DomainException;
import io.seqline.common.ids.ConversationIds;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.gateway.auth.TokenService;
import io.seqline.proto.v1.GetPresenceRequest;
import io.seqline.proto.v1.GetPresenceResponse;
import io.seqline.proto.v1.IssueTokenRequest;
import io.seqline.proto.v1.IssueTokenResponse;
import io.seqline.proto.v1.MessagingGrpc;
import io.seqline.proto.v1.Presence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Public gRPC {@code Messaging} for business backends (admin key required). */
public class MessagingGrpcService extends MessagingGrpc.MessagingImplBase {

    private static final int MAX_PRESENCE_IDS = 1000;

    private final TokenService tokens;
    private final SharedRedis redis;
    private final SystemMessages systemMessages;

    public MessagingGrpcService(TokenService tokens, SharedRedis redis,
                                SystemMessages systemMessages) {
        this.tokens = tokens;
        this.redis = redis;
        this.systemMessages = systemMessages;
    }

    /**
     * A system or bot message, published for sequencing; a repeated idempotency key (within the sequencer's
     * stream TTL, 24 h by default) is recognized as a duplicate and not logged again. The seq is assigned
     * asynchronously and is not returned (0); the message reaches the members like any other.
     */
    @Override
    public void sendMessage(io.seqline.proto.v1.SendMessageRequest request,
                            StreamObserver<io.seqline.proto.v1.SendMessageResponse> response) {
        systemMessages.publish(request).join();
        response.onNext(io.seqline.proto.v1.SendMessageResponse.newBuilder()
                .setConversationId(request.getConversationId()).build());
        response.onCompleted();
    }

    @Override
    public void issueToken(IssueTokenRequest request, StreamObserver<IssueTokenResponse> response) {
        TokenService.Issued issued = tokens.issue(request.getUserId(), Duration.ofSeconds(request.getTtlSeconds()));
        response.onNext(IssueTokenResponse.newBuilder().setToken(issued.token())
                .setExpiresAtMs(issued.expiresAt().toEpochMilli()).build());
        response.onCompleted();
    }

    /** Online = at least one device has a live route on some gateway. */
    @Override
    public void getPresence(GetPresenceRequest request, StreamObserver<GetPresenceResponse> response) {
        List<String> users = request.getUserIdsList();
        if (users.size() > MAX_PRESENCE_IDS) {
            throw DomainException.invalid("userIds: " + users.size() + " (expected: <= " + MAX_PRESENCE_IDS + ")");
        }
        for (String user : users) {
            String problem = ConversationIds.userIdProblem("userIds", user);
            if (problem != null) {
                throw DomainException.invalid(problem);
            }
        }
        List<CompletableFuture<Map<String, String>>> routes = new ArrayList<>(users.size());
        for (String user : users) {
            routes.add(redis.async().hgetall(RedisKeys.route(user)).toCompletableFuture());
        }
        GetPresenceResponse.Builder out = GetPresenceResponse.newBuilder();
        for (int i = 0; i < users.size(); i++) {
            Map<String, String> devices = routes.get(i).join();
            out.addItems(Presence.newBuilder().setUserId(users.get(i)).setOnline(!devices.isEmpty())
                    .addAllDeviceIds(devices.keySet().stream().sorted().toList()));
        }
        response.onNext(out.build());
        response.onCompleted();
    }
}
