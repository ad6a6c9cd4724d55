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
import java.time.Clock;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Turns a sequencer outcome into the record it produces: a {@link Message} or a {@link Receipt}. */
@Component
class SequencedOutput {

    private final KafkaTemplate<String, byte[]> kafka;
    private final Clock clock;
    /** Sends by decision; a batch whose transaction aborts is read again and counted again. */
    private final java.util.Map<Outcome.Code, Counter> outcomes = new java.util.EnumMap<>(Outcome.Code.class);

    SequencedOutput(KafkaTemplate<String, byte[]> kafka, Clock clock, MeterRegistry meters) {
        this.kafka = kafka;
        this.clock = clock;
        for (Outcome.Code code : new Outcome.Code[] {Outcome.Code.ACCEPTED, Outcome.Code.DUPLICATE,
                Outcome.Code.OUT_OF_ORDER, Outcome.Code.NOT_MEMBER, Outcome.Code.INVALID, Outcome.Code.RECALL_DENIED}) {
            boolean rejected = code != Outcome.Code.ACCEPTED && code != Outcome.Code.DUPLICATE;
            outcomes.put(code, Counter.builder("seqline.sequencer.sends")
                    .description("Sends decided by the sequencer, by outcome and rejection reason")
                    .tag("outcome", rejected ? "rejected" : code.name().toLowerCase(java.util.Locale.ROOT))
                    .tag("reason", rejected ? code.name() : "none")
                    .register(meters));
        }
    }

    void publish(InboundEnvelope envelope, Outcome outcome) {
        ClientFrame.Send send = envelope.getSend();
        Counter counter = outcomes.get(outcome.code());
        if (counter != null) {
            counter.increment();
        }
        switch (outcome.code()) {
            case ACCEPTED -> kafka.send(logged(envelope, message(envelope, outcome.seq())));
            case DUPLICATE -> receipt(envelope, Receipt.newBuilder().setAck(ServerFrame.SendAck.newBuilder()
                    .setConversationId(send.getConversationId()).setClientMsgId(send.getClientMsgId())
                    .setClientSeq(send.getClientSeq()).setSeq(outcome.seq()).setServerTimeMs(clock.millis())));
            case OUT_OF_ORDER -> reject(envelope, RejectReason.OUT_OF_ORDER, outcome.expected(),
                    "clientSeq: " + send.getClientSeq() + " (expected: " + outcome.expected() + ")");
            case NOT_MEMBER -> reject(envelope, RejectReason.NOT_MEMBER, 0,
                    "not a member of " + send.getConversationId());
            case INVALID -> reject(envelope, RejectReason.INVALID, 0, "invalid send");
            case RECALL_DENIED -> reject(envelope, RejectReason.RECALL_DENIED, 0,
                    "message " + send.getContent().getRecall().getTargetSeq() + " is already recalled or does not exist");
            default -> throw new IllegalStateException("unresolved outcome " + outcome);
        }
    }

    /** The message record, naming its send stream so that Redis stream state can be rebuilt from the log. */
    private static ProducerRecord<String, byte[]> logged(InboundEnvelope envelope, Message message) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MESSAGES, message.getConversationId(),
                message.toByteArray());
        record.headers().add(StreamStateRebuilder.STREAM_HEADER, envelope.getStreamId().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private Message message(InboundEnvelope envelope, long seq) {
        ClientFrame.Send send = envelope.getSend();
        return Message.newBuilder()
                .setConversationId(send.getConversationId())
                .setSeq(seq)
                .setSenderId(envelope.getSenderId())
                .setSenderDevice(envelope.getSenderDevice())
                .setClientMsgId(send.getClientMsgId())
                .setClientSeq(send.getClientSeq())
                .setServerTimeMs(clock.millis())
                .setContent(send.getContent())
                .build();
    }

    private void reject(InboundEnvelope envelope, RejectReason reason, long expected, String detail) {
        ClientFrame.Send send = envelope.getSend();
        receipt(envelope, Receipt.newBuilder().setRejected(ServerFrame.Rejected.newBuilder()
                .setConversationId(send.getConversationId()).setClientMsgId(send.getClientMsgId())
                .setClientSeq(send.getClientSeq()).setReason(reason).setExpectedClientSeq(expected).setDetail(detail)));
    }

    private void receipt(InboundEnvelope envelope, Receipt.Builder receipt) {
        if (envelope.getSystem()) {
            return; // server-originated sends have no socket to answer
        }
        receipt.setSenderId(envelope.getSenderId()).setSenderDevice(envelope.getSenderDevice())
                .setGatewayId(envelope.getGatewayId()).setRequestId(envelope.getRequestId());
        kafka.send(Topics.RECEIPTS, envelope.getSenderId(), receipt.build().toByteArray());
    }
}
