package io.seqline.history.store;

import io.seqline.common.ids.ConversationIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Per-user read cursors in {@code user_conversations}: they only move forward. */
@Repository
public class ReadCursors {

    private final JdbcTemplate jdbc;

    public ReadCursors(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Moves the cursor to {@code seq} if that is further; returns the stored cursor. */
    public long advance(String userId, String conversationId, long seq) {
        if (ConversationIds.isDirect(conversationId)) {
            jdbc.update("insert into user_conversations (user_id, conversation_id) values (?, ?) on conflict do nothing",
                    userId, conversationId);
        }
        return jdbc.queryForObject("""
                update user_conversations set read_seq = greatest(read_seq, ?)
                where user_id = ? and conversation_id = ? returning read_seq
                """, Long.class, seq, userId, conversationId);
    }
}
