package io.seqline.history.ingest;

import io.seqline.common.ids.ConversationIds;
import io.seqline.history.store.Conversations;
import io.seqline.history.store.MemberGaps;
import io.seqline.history.store.Messages;
import io.seqline.proto.v1.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores one batch of log events in one transaction: the events, the recalls they carry (the target
 * loses its content), each conversation's max seq and last activity, the inbox rows of direct chats, the
 * senders' read cursors (one's own messages are read), and the stretches removed members may not read
 * ({@link MemberGaps}).
 */
@Component
class BatchWriter {

    private final Messages messages;
    private final Conversations conversations;
    private final MemberGaps gaps;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    BatchWriter(Messages messages, Conversations conversations, MemberGaps gaps, JdbcTemplate jdbc,
                TransactionTemplate tx) {
        this.messages = messages;
        this.conversations = conversations;
        this.gaps = gaps;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** True when PostgreSQL answers a trivial query: a failed write was then the data's fault, not the database's. */
    boolean databaseAnswers() {
        try {
            jdbc.queryForObject("select 1", Integer.class);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    void write(List<Message> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, long[]> activity = new LinkedHashMap<>();
        Map<String, List<Long>> recalls = new HashMap<>();
        Map<List<String>, Long> ownReads = new LinkedHashMap<>();
        List<Message> membershipEvents = new ArrayList<>();
        for (Message m : batch) {
            if (m.getContent().hasMembership()) {
                membershipEvents.add(m);
            }
            if (!m.getSenderId().isEmpty()) {
                ownReads.merge(List.of(m.getSenderId(), m.getConversationId()), m.getSeq(), Math::max);
            }
            activity.merge(m.getConversationId(), new long[] {m.getSeq(), m.getServerTimeMs()},
                    (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
            if (m.getContent().hasRecall()) {
                recalls.computeIfAbsent(m.getConversationId(), c -> new ArrayList<>()).add(m.getContent().getRecall().getTargetSeq());
            }
        }
        tx.executeWithoutResult(status -> {
            messages.insertAll(batch);
            recalls.forEach(messages::markRecalled);
            membershipEvents.forEach(gaps::apply); // in log order: a batch holds a conversation's events in seq order
            conversations.recordActivity(activity);
            List<Object[]> inbox = new ArrayList<>();
            for (String conversation : activity.keySet()) {
                if (ConversationIds.isDirect(conversation)) {
                    for (String user : ConversationIds.participants(conversation)) {
                        inbox.add(new Object[] {user, conversation});
                    }
                }
            }
            jdbc.batchUpdate("insert into user_conversations (user_id, conversation_id) values (?, ?) on conflict do nothing",
                    inbox);
            // what you sent yourself is read: the sender's cursor moves to their own message
            List<Object[]> reads = new ArrayList<>();
            ownReads.forEach((key, seq) -> reads.add(new Object[] {seq, key.get(0), key.get(1)}));
            jdbc.batchUpdate("update user_conversations set read_seq = greatest(read_seq, ?) "
                    + "where user_id = ? and conversation_id = ?", reads);
        });
    }
}
