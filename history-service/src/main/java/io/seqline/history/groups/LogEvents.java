package io.seqline.history.groups;

import io.seqline.common.kafka.Topics;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.Membership;
import io.seqline.proto.v1.Recall;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds and publishes server-originated log events (membership changes, admin recalls) to
 * {@code im.inbound}, where the sequencer gives them their seq like any message. Each event is its own
 * one-send stream, so it is accepted exactly once however often it is published. Membership events go
 * through {@link MembershipOutbox}; a publish returns once Kafka has the event.
 */
@Component
public class LogEvents {

    private final KafkaTemplate<String, byte[]> kafka;
    private final Clock clock;

    public LogEvents(KafkaTemplate<String, byte[]> kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    /** A membership event, not yet published. */
    InboundEnvelope membership(String conversationId, String actorId, Membership.Action action, List<String> userIds,
                               String name) {
        return event(conversationId, actorId, Content.newBuilder().setMembership(Membership.newBuilder()
                .setAction(action).addAllUserIds(userIds).setName(name)).build());
    }

    public void recall(String conversationId, long targetSeq) {
        publish(event(conversationId, "", Content.newBuilder().setRecall(Recall.newBuilder().setTargetSeq(targetSeq)).build()));
    }

    private InboundEnvelope event(String conversationId, String actorId, Content content) {
        String eventId = "sys-" + UUID.randomUUID();
        return InboundEnvelope.newBuilder()
                .setSenderId(actorId)
                .setStreamId(eventId)
                .setSystem(true)
                .setReceiveTimeMs(clock.millis())
                .setSend(ClientFrame.Send.newBuilder().setConversationId(conversationId).setClientMsgId(eventId)
                        .setClientSeq(1).setContent(content))
                .build();
    }

    /** Publishes an event; returns once Kafka has it, else throws {@code UNAVAILABLE}. */
    void publish(InboundEnvelope envelope) {
        try {
            kafka.send(Topics.INBOUND, envelope.getSend().getConversationId(), envelope.toByteArray())
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a log event", e);
        } catch (Exception e) {
            throw new io.seqline.common.error.DomainException(io.seqline.common.error.DomainException.Kind.UNAVAILABLE,
                    "the change could not be logged, retry later");
        }
    }
}
