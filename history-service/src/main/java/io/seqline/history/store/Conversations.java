package io.seqline.history.store;

import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.ConversationType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code conversations} table: type, name and latest activity of each conversation. */
@Repository
public class Conversations {

    /** One row of the table. */
    public record Row(String conversationId, ConversationType type, String name, long maxSeq, long lastActivityMs) {
    }

    private final JdbcTemplate jdbc;

    public Conversations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void createGroup(String conversationId, String name, long nowMs) {
        jdbc.update("insert into conversations (conversation_id, type, name, last_activity_ms) values (?, ?, ?, ?)",
                conversationId, ConversationType.GROUP_VALUE, name, nowMs);
    }

    /** Raises max seq and last activity of each conversation in an ingested batch (creates direct ones). */
    public void recordActivity(Map<String, long[]> seqAndTimeByConversation) {
        jdbc.batchUpdate("""
                insert into conversations as c (conversation_id, type, max_seq, last_activity_ms) values (?, ?, ?, ?)
                on conflict (conversation_id) do update
                  set max_seq = greatest(c.max_seq, excluded.max_seq),
                      last_activity_ms = greatest(c.last_activity_ms, excluded.last_activity_ms)
                """, List.copyOf(seqAndTimeByConversation.entrySet()), 500, (ps, e) -> {
            ps.setString(1, e.getKey());
            ps.setInt(2, ConversationIds.isGroup(e.getKey()) ? ConversationType.GROUP_VALUE : ConversationType.DIRECT_VALUE);
            ps.setLong(3, e.getValue()[0]);
            ps.setLong(4, e.getValue()[1]);
        });
    }

    public Optional<Row> find(String conversationId) {
        return jdbc.query("select conversation_id, type, name, max_seq, last_activity_ms from conversations "
                + "where conversation_id = ?", (rs, n) -> new Row(rs.getString(1), ConversationType.forNumber(rs.getInt(2)),
                rs.getString(3), rs.getLong(4), rs.getLong(5)), conversationId).stream().findFirst();
    }
}
