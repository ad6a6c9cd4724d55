package io.seqline.client.engine;

import io.seqline.client.ConversationListener;
import io.seqline.client.ordering.LineListener;
import io.seqline.proto.v1.Message;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The app's listeners: one per conversation, else the catch-all one. Event-loop thread only. */
final class ConversationListeners {

    private static final Logger log = LoggerFactory.getLogger(ConversationListeners.class);

    private final Map<String, ConversationListener> byConversation = new HashMap<>();
    private ConversationListener all = message -> { };

    void set(String conversationId, ConversationListener listener) {
        byConversation.put(conversationId, listener);
    }

    void setAll(ConversationListener listener) {
        all = listener;
    }

    ConversationListener of(String conversationId) {
        return byConversation.getOrDefault(conversationId, all);
    }

    /** What a conversation's line shows to; looks the listener up at each message, so it may change. */
    LineListener lineListener(String conversationId) {
        return new LineListener() {
            @Override
            public void onMessage(Message message) {
                of(conversationId).onMessage(message);
            }

            @Override
            public void onLate(Message message) {
                log.info("{}: seq {} arrived late", conversationId, message.getSeq());
                of(conversationId).onLate(message);
            }

            @Override
            public void onSkipped(String conversation, long fromSeq, long toSeq) {
                log.warn("{}: gave up waiting for seqs {}..{} from history", conversation, fromSeq, toSeq);
                of(conversation).onSkipped(conversation, fromSeq, toSeq);
            }
        };
    }
}
