package io.seqline.gateway.client;

import io.seqline.common.ids.ConversationIds;
import io.seqline.gateway.config.GatewayProperties;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ListMembersRequest;
import io.seqline.proto.v1.Member;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PullRequest;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Decides a recall before it is sent on to get its seq: allowed for the sender's own message within the
 * recall window, or for a group's owner or admin; never for a recall or membership event, nor twice.
 */
@Component
class RecallPolicy {

    private final HistoryCalls history;
    private final GatewayProperties properties;
    private final Clock clock;

    RecallPolicy(HistoryCalls history, GatewayProperties properties, Clock clock) {
        this.history = history;
        this.properties = properties;
        this.clock = clock;
    }

    /** Completes with null when allowed, else with the reason it is denied. */
    CompletableFuture<String> check(String userId, ClientFrame.Send send) {
        String conversationId = send.getConversationId();
        long target = send.getContent().getRecall().getTargetSeq();
        if (target < 1) {
            return CompletableFuture.completedFuture("content.recall.targetSeq: 0 (expected: >= 1)");
        }
        return history.pull(PullRequest.newBuilder().setConversationId(conversationId)
                .setAfterSeq(target - 1).setLimit(1).setUserId(userId).build()).thenCompose(pulled -> {
                    Message message = pulled.getMessagesCount() == 1 ? pulled.getMessages(0) : null;
                    if (message == null || message.getSeq() != target) {
                        return done("no message " + target + " in " + conversationId);
                    }
                    if (message.getRecalled()) {
                        return done("message " + target + " is already recalled");
                    }
                    if (message.getContent().hasRecall() || message.getContent().hasMembership()) {
                        return done("message " + target + " is a recall or membership event");
                    }
                    boolean inWindow = clock.millis() - message.getServerTimeMs() <= properties.recallWindow().toMillis();
                    if (message.getSenderId().equals(userId) && inWindow) {
                        return done(null);
                    }
                    String denied = "only the sender within " + properties.recallWindow().toSeconds()
                            + " s, or a group owner or admin, may recall message " + target;
                    if (!ConversationIds.isGroup(conversationId)) {
                        return done(denied);
                    }
                    return history.listMembers(ListMembersRequest.newBuilder()
                            .setConversationId(conversationId).addUserIds(userId).build())
                            .thenApply(members -> members.getMembersList().stream().anyMatch(m ->
                                    m.getRole() == Member.Role.OWNER || m.getRole() == Member.Role.ADMIN) ? null : denied);
                });
    }

    private static CompletableFuture<String> done(String reason) {
        return CompletableFuture.completedFuture(reason);
    }
}
