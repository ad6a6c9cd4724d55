package io.seqline.gateway.client;

import io.seqline.common.ids.ConversationIds;
import io.seqline.gateway.config.GatewayProperties;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ListMembersRequest;
import io.seqline.proto.v1.Member;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.RecallCheck;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Finds out what decides a recall — who sent the target and when, what kind of event it is, whether the
 * caller owns or administers the group — and hands it to the sequencer as a {@link RecallCheck}. The
 * gateway refuses nothing here: the recall window passes, roles change and the target gets recalled
 * between a send and its resend, so the sequencer applies these findings only after deduplication (a
 * resend of a recall that was applied is a duplicate) and decides "already recalled" itself. Allowed:
 * the sender's own message within the recall window, or any message for a group's owner or admin; never
 * a recall or membership event.
 */
@Component
class RecallPolicy {

    /** {@link RecallCheck#getAllowedUntilMs()}: at any time. */
    static final long ANY_TIME = -1;
    /** {@link RecallCheck#getAllowedUntilMs()}: never. */
    static final long NEVER = 0;

    private final HistoryCalls history;
    private final GatewayProperties properties;

    RecallPolicy(HistoryCalls history, GatewayProperties properties) {
        this.history = history;
        this.properties = properties;
    }

    /** The findings on a recall whose target seq is at least 1; fails when history cannot be asked. */
    CompletableFuture<RecallCheck> check(String userId, ClientFrame.Send send) {
        String conversationId = send.getConversationId();
        long target = send.getContent().getRecall().getTargetSeq();
        // not on the caller's behalf: membership changes too; the sequencer checks it for groups, the edge for
        // direct chats
        return history.pull(PullRequest.newBuilder().setConversationId(conversationId)
                .setAfterSeq(target - 1).setLimit(1).build()).thenCompose(pulled -> {
                    Message message = pulled.getMessagesCount() == 1 ? pulled.getMessages(0) : null;
                    if (message == null || message.getSeq() != target) {
                        return done(NEVER, "no message " + target + " in " + conversationId);
                    }
                    if (message.getContent().hasRecall() || message.getContent().hasMembership()) {
                        return done(NEVER, "message " + target + " is a recall or membership event");
                    }
                    String denied = "only the sender within " + properties.recallWindow().toSeconds()
                            + " s, or a group owner or admin, may recall message " + target;
                    long own = message.getSenderId().equals(userId)
                            ? message.getServerTimeMs() + properties.recallWindow().toMillis() : NEVER;
                    if (!ConversationIds.isGroup(conversationId)) {
                        return done(own, denied);
                    }
                    return history.listMembers(ListMembersRequest.newBuilder()
                            .setConversationId(conversationId).addUserIds(userId).build())
                            .thenApply(members -> members.getMembersList().stream().anyMatch(m ->
                                    m.getRole() == Member.Role.OWNER || m.getRole() == Member.Role.ADMIN)
                                    ? check(ANY_TIME, denied) : check(own, denied));
                });
    }

    private static CompletableFuture<RecallCheck> done(long allowedUntilMs, String denied) {
        return CompletableFuture.completedFuture(check(allowedUntilMs, denied));
    }

    private static RecallCheck check(long allowedUntilMs, String denied) {
        return RecallCheck.newBuilder().setAllowedUntilMs(allowedUntilMs).setDenied(denied).build();
    }
}
