package io.seqline.routing.fanout;

import io.seqline.common.ids.ConversationIds;
import java.util.List;
import org.springframework.stereotype.Component;

/** Who receives a conversation's events: both users of a direct chat (the sender's echo included). */
@Component
class Recipients {

    List<String> of(String conversationId) {
        if (ConversationIds.isDirect(conversationId)) {
            return ConversationIds.participants(conversationId);
        }
        return List.of();
    }
}
