package io.seqline.sequence.reservation;

import java.sql.Array;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code seq_reservation} table: per conversation, the highest seq that may have been issued
 * ({@code reserved_max}). Raising it is one statement for any number of conversations.
 */
@Repository
public class SeqReservations {

    private static final String RESERVE = """
            insert into seq_reservation as r (conversation_id, reserved_max)
            select c, coalesce(f, 0) + ? from unnest(?::text[], ?::bigint[]) as t(c, f)
            on conflict (conversation_id) do update
              set reserved_max = greatest(r.reserved_max + ?, excluded.reserved_max), updated_at = now()
            returning conversation_id, reserved_max
            """;

    private final JdbcTemplate jdbc;

    public SeqReservations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Raises each conversation's reservation by {@code step} above {@code max(reserved_max, floor)}; a null
     * floor means "above the current reservation" (used when Redis lost the conversation's state).
     *
     * @return the new reserved_max per conversation
     */
    public Map<String, Long> reserve(Map<String, Long> floors, long step) {
        List<String> ids = List.copyOf(floors.keySet());
        Long[] floorValues = ids.stream().map(floors::get).toArray(Long[]::new);
        return jdbc.execute((java.sql.Connection connection) -> {
            Array idArray = connection.createArrayOf("text", ids.toArray());
            Array floorArray = connection.createArrayOf("bigint", floorValues);
            try (var statement = connection.prepareStatement(RESERVE)) {
                statement.setLong(1, step);
                statement.setArray(2, idArray);
                statement.setArray(3, floorArray);
                statement.setLong(4, step);
                Map<String, Long> ceilings = new HashMap<>();
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ceilings.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return ceilings;
            }
        });
    }

    /** The reserved_max of a conversation, 0 when it never had one. */
    public long reservedMax(String conversationId) {
        List<Long> rows = jdbc.queryForList(
                "select reserved_max from seq_reservation where conversation_id = ?", Long.class, conversationId);
        return rows.isEmpty() ? 0 : rows.get(0);
    }
}
