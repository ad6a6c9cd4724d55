package io.seqline.history.store;

import io.seqline.proto.v1.Member;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code members} table (group members and roles) and the users' inbox rows that go with it (active while a member). */
@Repository
public class Members {

    private final JdbcTemplate jdbc;

    public Members(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds members that are not members yet; returns those added. */
    public List<String> addAll(String conversationId, Collection<String> userIds, Member.Role role) {
        List<String> added = jdbc.query("""
                insert into members (conversation_id, user_id, role)
                select ?, u, ? from unnest(?::text[]) as u
                on conflict (conversation_id, user_id) do nothing
                returning user_id
                """, (rs, n) -> rs.getString(1), conversationId, role.getNumber(), userIds.toArray(String[]::new));
        jdbc.update("""
                insert into user_conversations (user_id, conversation_id)
                select u, ? from unnest(?::text[]) as u
                on conflict (user_id, conversation_id) do update set active = true
                """, conversationId, added.toArray(String[]::new));
        return added;
    }

    /**
     * Removes members; returns those removed. Their inbox rows stay, inactive, so that a re-add finds their
     * read cursor where they left it.
     */
    public List<String> removeAll(String conversationId, Collection<String> userIds) {
        List<String> removed = jdbc.query("""
                delete from members where conversation_id = ? and user_id = any(?::text[]) returning user_id
                """, (rs, n) -> rs.getString(1), conversationId, userIds.toArray(String[]::new));
        jdbc.update("update user_conversations set active = false where conversation_id = ? and user_id = any(?::text[])",
                conversationId, removed.toArray(String[]::new));
        return removed;
    }

    public Optional<Member.Role> role(String conversationId, String userId) {
        return jdbc.query("select role from members where conversation_id = ? and user_id = ?",
                (rs, n) -> Member.Role.forNumber(rs.getInt(1)), conversationId, userId).stream().findFirst();
    }

    /** Members, owner first, then admins, then members, each in join order; only {@code onlyUsers} when not empty. */
    public List<Member> list(String conversationId, Collection<String> onlyUsers) {
        String filter = onlyUsers.isEmpty() ? "" : " and user_id = any(?::text[])";
        Object[] args = onlyUsers.isEmpty() ? new Object[] {conversationId}
                : new Object[] {conversationId, onlyUsers.toArray(String[]::new)};
        return jdbc.query("select user_id, role from members where conversation_id = ?" + filter
                        + " order by role, joined_at, user_id",
                (rs, n) -> Member.newBuilder().setUserId(rs.getString(1)).setRoleValue(rs.getInt(2)).build(), args);
    }

    /** Makes the longest-standing admin (else member) the owner; used when the owner leaves. */
    public Optional<String> promoteSuccessor(String conversationId) {
        return jdbc.query("""
                update members set role = 1 where (conversation_id, user_id) = (
                  select conversation_id, user_id from members where conversation_id = ?
                  order by role, joined_at, user_id limit 1)
                returning user_id
                """, (rs, n) -> rs.getString(1), conversationId).stream().findFirst();
    }
}
