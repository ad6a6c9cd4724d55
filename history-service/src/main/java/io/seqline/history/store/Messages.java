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
                """, (rs, n) -> map(rs), conversationId, afterSeq, limit);
    }

    /** The highest seq stored for a conversation, 0 when none. */
    public long maxSeq(String conversationId) {
        Long max = jdbc.queryForObject("select max(seq) from messages where conversation_id = ?", Long.class,
                conversationId);
        return max == null ? 0 : max;
    }

    private static Message map(ResultSet rs) throws SQLException {
        Message.Builder m = Message.newBuilder()
                .setConversationId(rs.getString(1))
                .setSeq(rs.getLong(2))
                .setSenderId(rs.getString(3))
                .setSenderDevice(rs.getString(4))
                .setClientMsgId(rs.getString(5))
                .setClientSeq(rs.getLong(6))
                .setServerTimeMs(rs.getLong(7))
                .setRecalled(rs.getBoolean(9));
        if (!m.getRecalled()) {
            try {
                m.setContent(Content.parseFrom(rs.getBytes(8)));
            } catch (InvalidProtocolBufferException e) {
                throw new SQLException("unreadable content of " + m.getConversationId() + "#" + m.getSeq(), e);
            }
        }
        return m.build();
    }
}
