package io.seqline.client.ordering;

import io.seqline.client.time.Scheduler;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Every conversation the client knows, each with its own {@link ConversationLine}. */
public final class ConversationLines {

    private final Map<String, ConversationLine> lines = new LinkedHashMap<>();
    private final GapPolicy policy;
    private final Scheduler scheduler;
    private final SyncIssuer issuer;
    private final Function<String, LineListener> listeners;

    /** {@code listeners} gives the listener of a conversation when its line is created. */
    public ConversationLines(GapPolicy policy, Scheduler scheduler, SyncIssuer issuer,
                             Function<String, LineListener> listeners) {
        this.policy = policy;
        this.scheduler = scheduler;
        this.issuer = issuer;
        this.listeners = listeners;
    }

    /** The line of {@code conversationId}, created on first use to show everything after {@code afterSeq}. */
    public ConversationLine line(String conversationId, long afterSeq) {
        return lines.computeIfAbsent(conversationId,
                id -> new ConversationLine(id, afterSeq, policy, scheduler, issuer, listeners.apply(id)));
    }

    /** The line of {@code conversationId}, created on first use to show its whole log (from seq 1). */
    public ConversationLine line(String conversationId) {
        return line(conversationId, 0);
    }

    public boolean knows(String conversationId) {
        return lines.containsKey(conversationId);
    }

    public Collection<ConversationLine> all() {
        return lines.values();
    }

    public void disconnected() {
        lines.values().forEach(ConversationLine::disconnected);
    }
}
