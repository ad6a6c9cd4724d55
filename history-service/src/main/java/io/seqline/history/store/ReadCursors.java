package io.seqline.history.store;

import io.seqline.common.ids.ConversationIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Per-user read cursors in {@code user_conversations}: they only move forward, and never past the highest seq
 * history has stored for the conversation ({@code conversations.max_seq}), since a cursor ahead of the log would
 * count every later message as read. A client that marks a message read before history has stored it gets the
 * stored cursor back in its receipt and marks it again later (docs/protocol.md, "Read cursors").
 */
@Repository
public class ReadCursors {

    private final JdbcTemplate jdbc;

    public ReadCursors(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Moves the cursor towards {@code seq}, no further than the highest stored seq; returns the stored cursor. */
    public long advance(String userId, String conversationId, long seq) {
        if (ConversationIds.isDirect(conversationId)) {
            jdbc.update("insert into user_conversations (user_id, conversation_id) values (?, ?) on conflict do nothing",
                    userId, conversationId);
        }
        return jdbc.queryForObject("""
                update user_conversations uc set read_seq = greatest(uc.read_seq, least(?, coalesce(
                    (select c.max_seq from conversations c where c.conversation_id = uc.conversation_id), 0)))
                where uc.user_id = ? and uc.conversation_id = ? returning uc.read_seq
                """, Long.class, seq, userId, conversationId);
    }
}
