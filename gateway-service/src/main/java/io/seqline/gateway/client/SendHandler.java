package io.seqline.gateway.client;

import io.seqline.common.kafka.Topics;
import io.seqline.gateway.config.GatewayProperties;
import io.seqline.gateway.session.GatewayIdentity;
import io.seqline.gateway.ws.Connection;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.ServerFrame;
import java.time.Clock;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code send}: checks the frame at the edge, then publishes it to {@code im.inbound} keyed by
 * conversation, with the sender taken from the token. Sends of one socket are published in the order
 * they arrive (one event-loop thread, one partition per conversation). The answer comes later: the echo
 * of the message, a {@code sendAck} or a {@code rejected}.
 */
@Component
class SendHandler implements org.springframework.beans.factory.SmartInitializingSingleton {

    private final KafkaTemplate<String, byte[]> kafka;
    private final GatewayIdentity identity;
    private final SendValidator validator;
    private final Clock clock;

    SendHandler(KafkaTemplate<String, byte[]> kafka, GatewayIdentity identity, GatewayProperties properties, Clock clock) {
        this.kafka = kafka;
        this.identity = identity;
        this.validator = new SendValidator(properties.maxContentBytes());
        this.clock = clock;
    }

    /** Builds the (shared) producer at start, so a bad producer configuration fails the start, not a send. */
    @Override
    public void afterSingletonsInstantiated() {
        kafka.getProducerFactory().createProducer().close();
    }

    void handle(Connection connection, String requestId, ClientFrame.Send send) {
        SendValidator.Refusal refusal = validator.check(send, connection.userId());
        if (refusal != null) {
            connection.send(ServerFrame.newBuilder().setRequestId(requestId).setRejected(ServerFrame.Rejected.newBuilder()
                    .setConversationId(send.getConversationId()).setClientMsgId(send.getClientMsgId())
                    .setClientSeq(send.getClientSeq()).setReason(refusal.reason()).setDetail(refusal.detail())).build());
            return;
        }
        InboundEnvelope envelope = InboundEnvelope.newBuilder()
                .setSenderId(connection.userId())
                .setSenderDevice(connection.deviceId())
                .setStreamId(connection.session().streamId())
                .setGatewayId(identity.id())
                .setSend(send)
                .setReceiveTimeMs(clock.millis())
                .setRequestId(requestId)
                .build();
        try {
            kafka.send(Topics.INBOUND, send.getConversationId(), envelope.toByteArray()).whenComplete((result, error) -> {
                if (error != null) {
                    unavailable(connection, requestId, send);
                }
            });
        } catch (RuntimeException e) { // e.g. no Kafka metadata within max.block.ms
            unavailable(connection, requestId, send);
        }
    }

    private static void unavailable(Connection connection, String requestId, ClientFrame.Send send) {
        connection.send(ClientErrors.error(requestId, "UNAVAILABLE",
                "send of clientSeq " + send.getClientSeq() + " not accepted, resend it"));
    }
}
