package io.seqline.routing.signals;

import io.seqline.common.ids.ConversationIds;
import io.seqline.routing.members.GroupMembers;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** The current members of a conversation, for signals (which carry no seq). */
@Component
class ConversationMembers {

    private final GroupMembers groups;

    ConversationMembers(GroupMembers groups) {
        this.groups = groups;
    }

    List<String> current(String conversationId) {
        if (ConversationIds.problem(conversationId) != null) {
            return List.of();
        }
        if (ConversationIds.isDirect(conversationId)) {
            return ConversationIds.participants(conversationId);
        }
        return new ArrayList<>(groups.of(conversationId).keySet());
    }
}
