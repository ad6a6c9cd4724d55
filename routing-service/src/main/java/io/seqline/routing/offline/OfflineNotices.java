package io.seqline.routing.offline;

import io.seqline.common.kafka.Topics;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.OfflineNotice;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes an {@link OfflineNotice} to {@code im.offline} (key = recipient) for a user with no connected
 * device, so a push-notification bridge (APNs/FCM) can wake them. Only for texts and data messages.
 */
@Component
public class OfflineNotices {

    static final int PREVIEW_CHARS = 100;

    private final KafkaTemplate<String, byte[]> kafka;

    public OfflineNotices(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    public static boolean notifies(Message message) {
        return message.getContent().getBodyCase() == Content.BodyCase.TEXT
                || message.getContent().getBodyCase() == Content.BodyCase.DATA;
    }

    public void publish(String userId, Message message) {
        String text = message.getContent().getText();
        OfflineNotice notice = OfflineNotice.newBuilder()
                .setUserId(userId)
                .setConversationId(message.getConversationId())
                .setSeq(message.getSeq())
                .setSenderId(message.getSenderId())
                .setPreview(text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS))
                .setServerTimeMs(message.getServerTimeMs())
                .build();
        kafka.send(Topics.OFFLINE, userId, notice.toByteArray());
    }
}
