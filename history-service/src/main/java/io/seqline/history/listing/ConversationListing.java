package io.seqline.history.listing;

import io.seqline.common.error.DomainException;
import io.seqline.history.store.Messages;
import io.seqline.proto.v1.ConversationSummary;
import io.seqline.proto.v1.ConversationType;
import io.seqline.proto.v1.ListConversationsResponse;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A user's conversations, most recent activity first, with max seq, read seq and last message, in pages
 * (keyset paging on (last activity, conversation id), so a user with 50,000 conversations gets bounded
 * pages that stay stable while new messages arrive).
 */
@Service
public class ConversationListing {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private static final String QUERY = """
            select c.conversation_id, c.type, c.name, c.max_seq, uc.read_seq, c.last_activity_ms,
                   m.conversation_id, m.seq, m.sender_id, m.sender_device, m.client_msg_id, m.client_seq,
                   m.server_time_ms, m.content, m.recalled
            from user_conversations uc
            join conversations c on c.conversation_id = uc.conversation_id
            left join lateral (select * from messages m where m.conversation_id = c.conversation_id
                               order by m.seq desc limit 1) m on true
            where uc.user_id = ? and uc.active and (c.last_activity_ms, c.conversation_id) < (?, ?)
            order by c.last_activity_ms desc, c.conversation_id desc
            limit ?
            """;

    private final JdbcTemplate jdbc;

    public ConversationListing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public ListConversationsResponse list(String userId, int requestedLimit, String pageToken) {
        // uint32 on the wire: a value above 2^31 arrives as a negative int
        if (Integer.compareUnsigned(requestedLimit, MAX_LIMIT) > 0) {
            throw DomainException.invalid("limit: " + Integer.toUnsignedString(requestedLimit)
                    + " (expected: <= " + MAX_LIMIT + ")");
        }
        int limit = requestedLimit == 0 ? DEFAULT_LIMIT : requestedLimit;
        PageToken after = PageToken.parse(pageToken);
        List<Row> page = jdbc.query(QUERY, (rs, n) -> {
            ConversationSummary.Builder item = ConversationSummary.newBuilder()
                    .setConversationId(rs.getString(1))
                    .setType(ConversationType.forNumber(rs.getInt(2)))
                    .setName(rs.getString(3))
                    .setMaxSeq(rs.getLong(4))
                    .setReadSeq(Math.min(rs.getLong(5), rs.getLong(4)));
            if (rs.getObject(7) != null) {
                item.setLastMessage(Messages.map(rs, 7));
            }
            return new Row(item.build(), new PageToken(rs.getLong(6), rs.getString(1)));
        }, userId, after.lastActivityMs(), after.conversationId(), limit);
        ListConversationsResponse.Builder response = ListConversationsResponse.newBuilder();
        page.forEach(row -> response.addItems(row.summary()));
        if (page.size() == limit) {
            response.setNextPageToken(page.get(page.size() - 1).position().encode());
        }
        return response.build();
    }

    private record Row(ConversationSummary summary, PageToken position) {
    }
}
