package io.seqline.sequence.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seqline.common.kafka.Topics;
import io.seqline.common.tracing.RecordTracing;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.sequence.fencing.OwnerEpochs;
import io.seqline.sequence.sequencer.InboundSend;
import io.seqline.sequence.sequencer.MessageSequencer;
import io.seqline.sequence.sequencer.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code im.inbound} in poll batches, exactly once by seq and without Kafka transactions: the batch
 * is decided in Redis (each record's outcome kept under its origin, "partition:offset"), its messages and
 * receipts are sent in order with an idempotent producer, and the listener returns, which commits the
 * batch's offsets, only once Kafka has acknowledged every one of them. When anything fails the batch is read
 * again; each record gets the outcome it had and its message is sent again identically (a repeat, which
 * every consumer drops by (conversation, seq)).
 */
@Component
class InboundListener {

    private static final Logger log = LoggerFactory.getLogger(InboundListener.class);
    /** Longer than the producer's delivery timeout: a send that never completes fails the batch first. */
    private static final Duration ACK_WAIT = Duration.ofMinutes(2);

    private final MessageSequencer sequencer;
    private final SequencedOutput output;
    private final RecordTracing tracing;
    private final OwnerEpochs epochs;
    /** Seq allocation latency: one poll batch through the sequencer (Lua rounds and any reservations). */
    private final Timer batches;

    InboundListener(MessageSequencer sequencer, SequencedOutput output, RecordTracing tracing, OwnerEpochs epochs,
                    MeterRegistry meters) {
        this.sequencer = sequencer;
        this.output = output;
        this.tracing = tracing;
        this.epochs = epochs;
        this.batches = Timer.builder("seqline.sequencer.batch")
                .description("Time to sequence one poll batch of im.inbound (seq allocation latency)")
                .publishPercentileHistogram().register(meters);
    }

    @KafkaListener(id = "sequencer", topics = Topics.INBOUND, batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) throws InterruptedException {
        List<InboundEnvelope> envelopes = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
        List<InboundSend> sends = new ArrayList<>(records.size());
        TreeSet<Integer> partitions = new TreeSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            InboundEnvelope envelope = parse(record);
            if (envelope != null) {
                envelopes.add(envelope);
                sources.add(record);
                sends.add(InboundSend.of(envelope, record.partition(), record.offset()));
                partitions.add(record.partition());
            }
        }
        if (sends.isEmpty()) {
            return;
        }
        epochs.ensure(partitions, consumer.assignment());
        List<Outcome> outcomes = batches.record(() -> sequencer.sequence(sends, epochs::of));
        List<CompletableFuture<?>> acks = new ArrayList<>(sends.size());
        for (int i = 0; i < envelopes.size(); i++) {
            InboundEnvelope envelope = envelopes.get(i);
            Outcome outcome = outcomes.get(i);
            String origin = sends.get(i).origin();
            // the message or receipt produced continues the trace the gateway started
            tracing.inSpanOf(sources.get(i), "sequence", () -> {
                CompletableFuture<?> ack = output.publish(envelope, origin, outcome);
                if (ack != null) {
                    acks.add(ack);
                }
            });
        }
        awaitAcks(acks);
    }

    /** Returns once every record is acknowledged; throws (and the batch is read again) if any failed. */
    private static void awaitAcks(List<CompletableFuture<?>> acks) throws InterruptedException {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("sequenced records not acknowledged; the batch is read again", e);
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
