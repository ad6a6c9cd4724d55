package io.seqline.routing.fanout;

import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.Message;
import io.seqline.routing.members.GroupMembers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Who receives a log event: both users of a direct chat; for a group, the members who had joined by the
 * event's seq, plus the users a membership event names (so the removed learn of their removal and the
 * added of their addition). The sender is included: their own devices get the echo.
 */
@Component
class Recipients {

    private final GroupMembers groups;

    Recipients(GroupMembers groups) {
        this.groups = groups;
    }

    List<String> of(Message message) {
        String conversationId = message.getConversationId();
        if (ConversationIds.isDirect(conversationId)) {
            return ConversationIds.participants(conversationId);
        }
        if (message.getContent().hasMembership()) {
            groups.invalidate(conversationId);
        }
        Set<String> users = new LinkedHashSet<>();
        for (Map.Entry<String, Long> member : groups.of(conversationId).entrySet()) {
            if (member.getValue() <= message.getSeq()) {
                users.add(member.getKey());
            }
        }
        if (message.getContent().hasMembership()) {
            users.addAll(message.getContent().getMembership().getUserIdsList());
        }
        return new ArrayList<>(users);
    }
}
