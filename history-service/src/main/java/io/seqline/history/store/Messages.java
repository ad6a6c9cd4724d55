package io.seqline.history.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Message;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code messages} table: the durable log, keyed (conversation_id, seq). */
@Repository
public class Messages {

    private static final String INSERT = """
            insert into messages (conversation_id, seq, sender_id, sender_device, client_msg_id, client_seq,
                                  server_time_ms, content)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (conversation_id, seq) do nothing
            """;

    private final JdbcTemplate jdbc;

    public Messages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a batch; rows already stored (a redelivered batch) are left as they are. */
    public void insertAll(List<Message> messages) {
        jdbc.batchUpdate(INSERT, messages, 500, (ps, m) -> {
            ps.setString(1, m.getConversationId());
            ps.setLong(2, m.getSeq());
            ps.setString(3, m.getSenderId());
            ps.setString(4, m.getSenderDevice());
            ps.setString(5, m.getClientMsgId());
            ps.setLong(6, m.getClientSeq());
            ps.setLong(7, m.getServerTimeMs());
            ps.setBytes(8, m.getContent().toByteArray());
        });
    }

    /** Up to {@code limit} messages with seq > {@code afterSeq}, ascending. */
    public List<Message> after(String conversationId, long afterSeq, int limit) {
        return jdbc.query("""
                select conversation_id, seq, sender_id, sender_device, client_msg_id, client_seq, server_time_ms,
                       content, recalled
                from messages where conversation_id = ? and seq > ? order by seq limit ?
                """, (rs, n) -> map(rs, 1), conversationId, afterSeq, limit);
    }

    /** Like {@link #after(String, long, int)}, without the seqs {@code userId} may not read ({@link MemberGaps}). */
    public List<Message> after(String conversationId, long afterSeq, int limit, String userId) {
        return jdbc.query("""
                select conversation_id, seq, sender_id, sender_device, client_msg_id, client_seq, server_time_ms,
                       content, recalled
                from messages m where conversation_id = ? and seq > ?
                and not exists (select 1 from member_gaps g where g.conversation_id = m.conversation_id
                                and g.user_id = ? and m.seq >= g.from_seq and (g.to_seq is null or m.seq <= g.to_seq))
                order by seq limit ?
                """, (rs, n) -> map(rs, 1), conversationId, afterSeq, userId, limit);
    }

    /** Marks messages recalled and drops their content; recall events themselves stay. */
    public void markRecalled(String conversationId, List<Long> seqs) {
        jdbc.update("update messages set recalled = true, content = ''::bytea where conversation_id = ? and seq = any(?)",
                conversationId, seqs.toArray(Long[]::new));
    }

    /** The message at {@code seq}, if stored. */
    public java.util.Optional<Message> at(String conversationId, long seq) {
        return after(conversationId, seq - 1, 1).stream().filter(m -> m.getSeq() == seq).findFirst();
    }

    /** The highest seq stored for a conversation, 0 when none. */
    public long maxSeq(String conversationId) {
        Long max = jdbc.queryForObject("select max(seq) from messages where conversation_id = ?", Long.class,
                conversationId);
        return max == null ? 0 : max;
    }

    /**
     * Reads a message from the columns conversation_id, seq, sender_id, sender_device, client_msg_id,
     * client_seq, server_time_ms, content, recalled, starting at column {@code first}.
     */
    public static Message map(ResultSet rs, int first) throws SQLException {
        int c = first - 1;
        Message.Builder m = Message.newBuilder()
                .setConversationId(rs.getString(c + 1))
                .setSeq(rs.getLong(c + 2))
                .setSenderId(rs.getString(c + 3))
                .setSenderDevice(rs.getString(c + 4))
                .setClientMsgId(rs.getString(c + 5))
                .setClientSeq(rs.getLong(c + 6))
                .setServerTimeMs(rs.getLong(c + 7))
                .setRecalled(rs.getBoolean(c + 9));
        if (!m.getRecalled()) {
            try {
                m.setContent(Content.parseFrom(rs.getBytes(c + 8)));
            } catch (InvalidProtocolBufferException e) {
                throw new SQLException("unreadable content of " + m.getConversationId() + "#" + m.getSeq(), e);
            }
        }
        return m.build();
    }
}
