package io.seqline.gateway.client;

import io.seqline.common.kafka.Topics;
import io.seqline.gateway.config.GatewayProperties;
import io.seqline.gateway.observability.EdgeRejections;
import io.seqline.gateway.session.GatewayIdentity;
import io.seqline.gateway.ws.Connection;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.RecallCheck;
import io.seqline.proto.v1.RejectReason;
import io.seqline.proto.v1.ServerFrame;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code send}: checks the frame at the edge, then publishes it to {@code im.inbound} keyed by
 * conversation, with the sender taken from the token. The edge refuses only what the frame and its
 * sender alone decide, never what depends on state that may change between a send and its resend: a
 * recall goes on with the {@link RecallPolicy}'s findings, which the sequencer applies after dedup. A
 * socket's sends are published in the order they arrived, also when a recall among them waits for its
 * findings (later sends queue behind it). The answer comes later: the echo of the message, a
 * {@code sendAck} or a {@code rejected}; {@code error UNAVAILABLE} when it could not be published.
 */
@Component
class SendHandler implements SmartInitializingSingleton {

    private final KafkaTemplate<String, byte[]> kafka;
    private final GatewayIdentity identity;
    private final SendValidator validator;
    private final RecallPolicy recalls;
    private final EdgeRejections rejections;
    private final Clock clock;
    /** Per socket, the last send still waiting for a check; absent when none waits. */
    private final Map<Connection, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    SendHandler(KafkaTemplate<String, byte[]> kafka, GatewayIdentity identity, GatewayProperties properties,
                RecallPolicy recalls, EdgeRejections rejections, Clock clock) {
        this.kafka = kafka;
        this.identity = identity;
        this.validator = new SendValidator(properties.maxContentBytes());
        this.recalls = recalls;
        this.rejections = rejections;
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
            reject(connection, requestId, send, refusal.reason(), refusal.detail());
            return;
        }
        CompletableFuture<Void> before = waiting.get(connection);
        if (!send.getContent().hasRecall()) {
            if (before == null || before.isDone()) {
                publish(connection, requestId, send);
            } else {
                waiting.put(connection, before.thenRun(() -> publish(connection, requestId, send)));
            }
            return;
        }
        CompletableFuture<Void> prior = before == null ? CompletableFuture.completedFuture(null) : before;
        waiting.put(connection, prior.thenCompose(v -> recalls.check(connection.userId(), send)).handle((check, error) -> {
            if (error != null) {
                unavailable(connection, requestId, send); // whatever went wrong, the client may resend it as it is
            } else {
                publish(connection, requestId, send, check);
            }
            return null;
        }));
    }

    /** Forgets a closed socket. */
    void closed(Connection connection) {
        waiting.remove(connection);
    }

    private void publish(Connection connection, String requestId, ClientFrame.Send send) {
        publish(connection, requestId, send, null);
    }

    private void publish(Connection connection, String requestId, ClientFrame.Send send, RecallCheck recallCheck) {
        InboundEnvelope.Builder envelope = InboundEnvelope.newBuilder()
                .setSenderId(connection.userId())
                .setSenderDevice(connection.deviceId())
                .setStreamId(connection.session().streamId())
                .setGatewayId(identity.id())
                .setSend(send)
                .setReceiveTimeMs(clock.millis())
                .setRequestId(requestId);
        if (recallCheck != null) {
            envelope.setRecallCheck(recallCheck);
        }
        try {
            kafka.send(Topics.INBOUND, send.getConversationId(), envelope.build().toByteArray()).whenComplete((result, error) -> {
                if (error != null) {
                    unavailable(connection, requestId, send);
                }
            });
        } catch (RuntimeException e) { // e.g. no Kafka metadata within max.block.ms
            unavailable(connection, requestId, send);
        }
    }

    private void reject(Connection connection, String requestId, ClientFrame.Send send, RejectReason reason,
                        String detail) {
        rejections.count(reason);
        connection.send(ServerFrame.newBuilder().setRequestId(requestId).setRejected(ServerFrame.Rejected.newBuilder()
                .setConversationId(send.getConversationId()).setClientMsgId(send.getClientMsgId())
                .setClientSeq(send.getClientSeq()).setReason(reason).setDetail(detail)).build());
    }

    private static void unavailable(Connection connection, String requestId, ClientFrame.Send send) {
        connection.send(ClientErrors.error(requestId, "UNAVAILABLE",
                "send of clientSeq " + send.getClientSeq() + " not accepted, resend it"));
    }
}
