package io.seqline.sequence.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seqline.common.kafka.Topics;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.Receipt;
import io.seqline.proto.v1.RejectReason;
import io.seqline.proto.v1.ServerFrame;
import io.seqline.sequence.sequencer.Outcome;
import io.seqline.sequence.recovery.StreamStateRebuilder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns a sequencer outcome into the record it produces: a {@link Message} or a {@link Receipt}. Everything
 * in a message comes from the inbound record and the outcome (seq and serverTimeMs are kept in Redis under
 * the record's origin), so a record read again produces the same message byte for byte.
 */
@Component
class SequencedOutput {

    private final KafkaTemplate<String, byte[]> kafka;
    /** Sends by decision; a batch read again (a crash before its offsets were committed) is counted again. */
    private final Map<Outcome.Code, Counter> outcomes = new EnumMap<>(Outcome.Code.class);

    SequencedOutput(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
        this.kafka = kafka;
        for (Outcome.Code code : new Outcome.Code[] {Outcome.Code.ACCEPTED, Outcome.Code.DUPLICATE,
                Outcome.Code.OUT_OF_ORDER, Outcome.Code.NOT_MEMBER, Outcome.Code.INVALID, Outcome.Code.RECALL_DENIED,
                Outcome.Code.STREAM_EXPIRED}) {
            boolean rejected = code != Outcome.Code.ACCEPTED && code != Outcome.Code.DUPLICATE;
            outcomes.put(code, Counter.builder("seqline.sequencer.sends")
                    .description("Sends decided by the sequencer, by outcome and rejection reason")
                    .tag("outcome", rejected ? "rejected" : code.name().toLowerCase(Locale.ROOT))
                    .tag("reason", rejected ? code.name() : "none")
                    .register(meters));
        }
        outcomes.put(Outcome.Code.RECALL_NOT_ALLOWED, outcomes.get(Outcome.Code.RECALL_DENIED));
    }

    /**
     * Sends the record for one outcome.
     *
     * @param origin the im.inbound record's "partition:offset"
     * @return completes when Kafka acknowledged the record (all in-sync replicas); null when nothing is sent
     */
    CompletableFuture<?> publish(InboundEnvelope envelope, String origin, Outcome outcome) {
        ClientFrame.Send send = envelope.getSend();
        Counter counter = outcomes.get(outcome.code());
        if (counter != null) {
            counter.increment();
        }
        return switch (outcome.code()) {
            case ACCEPTED -> kafka.send(logged(envelope, origin, message(envelope, outcome)));
            case DUPLICATE -> receipt(envelope, Receipt.newBuilder().setAck(ServerFrame.SendAck.newBuilder()
                    .setConversationId(send.getConversationId()).setClientMsgId(send.getClientMsgId())
                    .setClientSeq(send.getClientSeq()).setSeq(outcome.seq()).setServerTimeMs(outcome.serverTimeMs())));
            case OUT_OF_ORDER -> reject(envelope, RejectReason.OUT_OF_ORDER, outcome.expected(),
                    "clientSeq: " + send.getClientSeq() + " (expected: " + outcome.expected() + ")");
            case NOT_MEMBER -> reject(envelope, RejectReason.NOT_MEMBER, 0,
                    "not a member of " + send.getConversationId());
            case INVALID -> reject(envelope, RejectReason.INVALID, 0, "invalid send");
            case RECALL_DENIED -> reject(envelope, RejectReason.RECALL_DENIED, 0,
                    "message " + send.getContent().getRecall().getTargetSeq() + " is already recalled or does not exist");
            case RECALL_NOT_ALLOWED -> reject(envelope, RejectReason.RECALL_DENIED, 0,
                    envelope.getRecallCheck().getDenied().isEmpty()
                            ? "recall of message " + send.getContent().getRecall().getTargetSeq() + " not allowed"
                            : envelope.getRecallCheck().getDenied());
            case STREAM_EXPIRED -> reject(envelope, RejectReason.STREAM_EXPIRED, outcome.expected(),
                    "the send stream has no state on the server (idle past its TTL, or lost), so clientSeq "
                            + send.getClientSeq() + " may have been sequenced before: look in history, then resend the rest, the first with streamStart");
            default -> throw new IllegalStateException("unresolved outcome " + outcome);
        };
    }

    /** The message record, naming its send stream so that Redis stream state can be rebuilt from the log. */
    private static ProducerRecord<String, byte[]> logged(InboundEnvelope envelope, String origin, Message message) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MESSAGES, message.getConversationId(),
                message.toByteArray());
        record.headers().add(StreamStateRebuilder.STREAM_HEADER, envelope.getStreamId().getBytes(StandardCharsets.UTF_8));
        record.headers().add(StreamStateRebuilder.ORIGIN_HEADER, origin.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static Message message(InboundEnvelope envelope, Outcome outcome) {
        ClientFrame.Send send = envelope.getSend();
        return Message.newBuilder()
                .setConversationId(send.getConversationId())
                .setSeq(outcome.seq())
                .setSenderId(envelope.getSenderId())
                .setSenderDevice(envelope.getSenderDevice())
                .setClientMsgId(send.getClientMsgId())
                .setClientSeq(send.getClientSeq())
                .setServerTimeMs(outcome.serverTimeMs())
                .setContent(send.getContent())
                .build();
    }

    private CompletableFuture<?> reject(InboundEnvelope envelope, RejectReason reason, long expected, String detail) {
        ClientFrame.Send send = envelope.getSend();
        return receipt(envelope, Receipt.newBuilder().setRejected(ServerFrame.Rejected.newBuilder()
                .setConversationId(send.getConversationId()).setClientMsgId(send.getClientMsgId())
                .setClientSeq(send.getClientSeq()).setReason(reason).setExpectedClientSeq(expected).setDetail(detail)));
    }

    private CompletableFuture<?> receipt(InboundEnvelope envelope, Receipt.Builder receipt) {
        if (envelope.getSystem()) {
            return null; // server-originated sends have no socket to answer
        }
        receipt.setSenderId(envelope.getSenderId()).setSenderDevice(envelope.getSenderDevice())
                .setGatewayId(envelope.getGatewayId()).setRequestId(envelope.getRequestId());
        return kafka.send(Topics.RECEIPTS, envelope.getSenderId(), receipt.build().toByteArray());
    }
}
