package io.seqline.history.store;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code membership_outbox} table: membership events committed with their change, not yet in Kafka. */
@Repository
public class OutboxRows {

    /** One pending event. */
    public record Row(long id, byte[] envelope) {
    }

    private final JdbcTemplate jdbc;

    public OutboxRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the group's outbox lock until the end of the current transaction (a PostgreSQL advisory lock on
     * the group id): group changes and the publishing of their events then run one at a time per group.
     */
    public void lock(String conversationId) {
        jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", rs -> null, conversationId);
    }

    /** Like {@link #lock} but gives up at once when another transaction holds it. */
    public boolean tryLock(String conversationId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(hashtextextended(?, 0))",
                Boolean.class, conversationId));
    }

    public void add(String conversationId, byte[] envelope, long nowMs) {
        jdbc.update("insert into membership_outbox (conversation_id, envelope, created_ms) values (?, ?, ?)",
                conversationId, envelope, nowMs);
    }

    /** The group's pending events, oldest first. */
    public List<Row> pending(String conversationId) {
        return jdbc.query("select id, envelope from membership_outbox where conversation_id = ? order by id",
                (rs, n) -> new Row(rs.getLong(1), rs.getBytes(2)), conversationId);
    }

    /** Groups with an event pending since before {@code beforeMs}. */
    public List<String> groupsPendingSince(long beforeMs, int limit) {
        return jdbc.queryForList("select conversation_id from membership_outbox where created_ms < ? "
                + "group by conversation_id order by min(id) limit ?", String.class, beforeMs, limit);
    }

    public void delete(List<Long> ids) {
        jdbc.batchUpdate("delete from membership_outbox where id = ?", ids, 500, (ps, id) -> ps.setLong(1, id));
    }
}
