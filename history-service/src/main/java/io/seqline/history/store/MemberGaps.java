package io.seqline.history.store;

import io.seqline.proto.v1.Membership;
import io.seqline.proto.v1.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code member_gaps} table: what a member removed and added back may not read. A REMOVE or LEAVE at seq
 * r opens a gap at r + 1 for each user it names (they still see the event that removed them); an ADD at
 * seq a closes each named user's open gap at a - 1. Applying an event twice changes nothing, and an old ADD
 * read again cannot close a gap opened after it.
 */
@Repository
public class MemberGaps {

    private final JdbcTemplate jdbc;

    public MemberGaps(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies a membership event (call in seq order within a conversation); other events are ignored. */
    public void apply(Message event) {
        if (!event.getContent().hasMembership()) {
            return;
        }
        Membership membership = event.getContent().getMembership();
        String[] users = membership.getUserIdsList().toArray(String[]::new);
        switch (membership.getAction()) {
            case REMOVE, LEAVE -> jdbc.update("""
                    insert into member_gaps (conversation_id, user_id, from_seq)
                    select ?, u, ? from unnest(?::text[]) as u on conflict do nothing
                    """, event.getConversationId(), event.getSeq() + 1, users);
            case ADD -> {
                jdbc.update("""
                        update member_gaps set to_seq = ? where conversation_id = ? and user_id = any(?::text[])
                        and to_seq is null and from_seq <= ?
                        """, event.getSeq() - 1, event.getConversationId(), users, event.getSeq());
                // what was written before they were added (the time they were out, which their pulls hide)
                // is not unread: their cursor starts just before the event that added them
                jdbc.update("""
                        update user_conversations set read_seq = greatest(read_seq, ?)
                        where conversation_id = ? and user_id = any(?::text[])
                        """, event.getSeq() - 1, event.getConversationId(), users);
            }
            default -> {
                // CREATE opens no gap
            }
        }
    }
}
