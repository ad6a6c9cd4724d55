package io.seqline.gateway.messaging;

import io.seqline.common.error.DomainException;
import io.seqline.common.ids.ConversationIds;
import io.seqline.common.kafka.Topics;
import io.seqline.common.text.ControlCharacters;
import io.seqline.gateway.client.SendValidator;
import io.seqline.gateway.config.GatewayProperties;
import io.seqline.gateway.session.GatewayIdentity;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.SendMessageRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Messages from business backends ({@code Messaging.SendMessage}): each idempotency key is its own send
 * stream with clientSeq 1, so the sequencer's stream dedup makes a retried key a duplicate.
 */
@Component
public class SystemMessages {

    private final KafkaTemplate<String, byte[]> kafka;
    private final GatewayIdentity identity;
    private final SendValidator validator;
    private final Clock clock;

    public SystemMessages(KafkaTemplate<String, byte[]> kafka, GatewayIdentity identity, GatewayProperties properties,
                          Clock clock) {
        this.kafka = kafka;
        this.identity = identity;
        this.validator = new SendValidator(properties.maxContentBytes());
        this.clock = clock;
    }

    public CompletableFuture<?> publish(SendMessageRequest request) {
        String problem = ConversationIds.problem(request.getConversationId());
        if (problem != null) {
            throw DomainException.invalid(problem);
        }
        String senderProblem = ConversationIds.userIdProblem("senderId", request.getSenderId());
        if (senderProblem != null) {
            throw DomainException.invalid(senderProblem);
        }
        String keyProblem = ControlCharacters.inId("idempotencyKey", request.getIdempotencyKey());
        if (keyProblem != null) {
            throw DomainException.invalid(keyProblem);
        }
        if (request.getIdempotencyKey().isEmpty() || request.getIdempotencyKey().length() > 128) {
            throw DomainException.invalid("idempotencyKey: " + request.getIdempotencyKey().length()
                    + " characters (expected: 1..128)");
        }
        if (request.getContent().hasRecall() || request.getContent().hasMembership()) {
            throw DomainException.invalid("content: text or data only (use History.Recall and the group APIs)");
        }
        SendValidator.Refusal refusal = validator.checkContent(request.getContent());
        if (refusal != null) {
            throw DomainException.invalid(refusal.detail());
        }
        InboundEnvelope envelope = InboundEnvelope.newBuilder()
                .setSenderId(request.getSenderId())
                .setSenderDevice("api")
                .setStreamId(streamOf(request.getSenderId(), request.getIdempotencyKey()))
                .setGatewayId(identity.id())
                .setSystem(true)
                .setReceiveTimeMs(clock.millis())
                .setSend(ClientFrame.Send.newBuilder().setConversationId(request.getConversationId())
                        .setClientMsgId(request.getIdempotencyKey()).setClientSeq(1).setContent(request.getContent()))
                .build();
        return kafka.send(Topics.INBOUND, request.getConversationId(), envelope.toByteArray());
    }

    static String streamOf(String senderId, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((senderId + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return "api-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
