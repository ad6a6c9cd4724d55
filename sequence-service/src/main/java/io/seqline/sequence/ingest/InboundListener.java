package io.seqline.sequence.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seqline.common.kafka.Topics;
import io.seqline.common.tracing.RecordTracing;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.sequence.sequencer.InboundSend;
import io.seqline.sequence.sequencer.MessageSequencer;
import io.seqline.sequence.sequencer.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code im.inbound} in poll batches inside a Kafka transaction (read_committed, exactly once):
 * the sequenced messages, the receipts and the consumed offsets commit together or not at all. When
 * anything fails the transaction aborts, the batch is read again, and the dedup window gives every
 * re-read send the seq it had.
 */
@Component
class InboundListener {

    private static final Logger log = LoggerFactory.getLogger(InboundListener.class);

    private final MessageSequencer sequencer;
    private final SequencedOutput output;
    private final RecordTracing tracing;
    /** Seq allocation latency: one poll batch through the sequencer (Lua rounds and any reservations). */
    private final Timer batches;

    InboundListener(MessageSequencer sequencer, SequencedOutput output, RecordTracing tracing, MeterRegistry meters) {
        this.sequencer = sequencer;
        this.output = output;
        this.tracing = tracing;
        this.batches = Timer.builder("seqline.sequencer.batch")
                .description("Time to sequence one poll batch of im.inbound (seq allocation latency)")
                .publishPercentileHistogram().register(meters);
    }

    @KafkaListener(id = "sequencer", topics = Topics.INBOUND, batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<InboundEnvelope> envelopes = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
        List<InboundSend> sends = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            InboundEnvelope envelope = parse(record);
            if (envelope != null) {
                envelopes.add(envelope);
                sources.add(record);
                sends.add(InboundSend.of(envelope, record.partition(), record.offset()));
            }
        }
        List<Outcome> outcomes = batches.record(() -> sequencer.sequence(sends));
        for (int i = 0; i < envelopes.size(); i++) {
            InboundEnvelope envelope = envelopes.get(i);
            Outcome outcome = outcomes.get(i);
            // the message or receipt produced continues the trace the gateway started
            tracing.inSpanOf(sources.get(i), "sequence", () -> output.publish(envelope, outcome));
        }
    }

    private static InboundEnvelope parse(ConsumerRecord<String, byte[]> record) {
        try {
            InboundEnvelope envelope = InboundEnvelope.parseFrom(record.value());
            if (envelope.hasSend()) {
                return envelope;
            }
            log.warn("skipping im.inbound record {}-{}: no send body", record.partition(), record.offset());
        } catch (InvalidProtocolBufferException | NullPointerException e) {
            log.warn("skipping unreadable im.inbound record {}-{}: {}", record.partition(), record.offset(), e.getMessage());
        }
        return null;
    }
}
