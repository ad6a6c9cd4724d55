package io.seqline.sequence.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seqline.common.kafka.Topics;
import io.seqline.common.kafka.deadletter.DeadLetters;
import io.seqline.common.tracing.RecordTracing;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.sequence.fencing.OwnerEpochs;
import io.seqline.sequence.sequencer.FencedException;
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
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code im.inbound} in poll batches, exactly once by seq and without Kafka transactions: the batch
 * is decided in Redis (each record's outcome kept under its origin, "partition:offset"), its messages and
 * receipts are sent in order with an idempotent producer, and the listener returns, which commits the
 * batch's offsets, only once Kafka has acknowledged every one of them. When anything fails the batch is read
 * again; each record gets the outcome it had and its message is sent again identically (a repeat, which
 * every consumer drops by (conversation, seq)).
 *
 * <p>A record that is not an {@link InboundEnvelope} with a send (see {@code RecordDeserializer}) is parked on
 * {@code im.inbound.dlt}; one whose ids or texts hold control characters is refused {@code INVALID}
 * ({@code StoredText}, checked with the other per-send rules in {@link InboundSend}).
 */
@Component
class InboundListener {

    /** Longer than the producer's delivery timeout: a send that never completes fails the batch first. */
    private static final Duration ACK_WAIT = Duration.ofMinutes(2);

    private final MessageSequencer sequencer;
    private final SequencedOutput output;
    private final RecordTracing tracing;
    private final OwnerEpochs epochs;
    private final DeadLetters deadLetters;
    /** Seq allocation latency: one poll batch through the sequencer (Lua rounds and any reservations). */
    private final Timer batches;
    /** Batches refused because a later owner holds one of their partitions (this instance was paused or cut off). */
    private final Counter fenced;

    InboundListener(MessageSequencer sequencer, SequencedOutput output, RecordTracing tracing, OwnerEpochs epochs,
                    DeadLetters deadLetters, MeterRegistry meters) {
        this.sequencer = sequencer;
        this.deadLetters = deadLetters;
        this.output = output;
        this.tracing = tracing;
        this.epochs = epochs;
        this.batches = Timer.builder("seqline.sequencer.batch")
                .description("Time to sequence one poll batch of im.inbound (seq allocation latency)")
                .publishPercentileHistogram().register(meters);
        this.fenced = Counter.builder("seqline.sequencer.fenced")
                .description("Batches refused in Redis because another sequencer owns their partition now")
                .register(meters);
    }

    @KafkaListener(id = "sequencer", topics = Topics.INBOUND, batch = "true")
    void onBatch(List<ConsumerRecord<String, InboundEnvelope>> records, Consumer<?, ?> consumer) throws InterruptedException {
        List<ConsumerRecord<String, InboundEnvelope>> sources = new ArrayList<>(records.size());
        List<InboundSend> sends = new ArrayList<>(records.size());
        List<ConsumerRecord<String, InboundEnvelope>> undecodable = new ArrayList<>();
        TreeSet<Integer> partitions = new TreeSet<>();
        for (ConsumerRecord<String, InboundEnvelope> record : records) {
            if (record.value() == null) {
                undecodable.add(record);
                continue;
            }
            sources.add(record);
            sends.add(InboundSend.of(record.value(), record.partition(), record.offset()));
            partitions.add(record.partition());
        }
        List<CompletableFuture<?>> acks = new ArrayList<>(sends.size());
        if (!sends.isEmpty()) {
            epochs.ensure(partitions, consumer.assignment());
            List<Outcome> outcomes;
            try {
                outcomes = batches.record(() -> sequencer.sequence(sends, epochs::of));
            } catch (FencedException e) {
                fenced.increment();
                throw e;
            }
            for (int i = 0; i < sends.size(); i++) {
                ConsumerRecord<String, InboundEnvelope> source = sources.get(i);
                Outcome outcome = outcomes.get(i);
                String origin = sends.get(i).origin();
                // the message or receipt produced continues the trace the gateway started
                tracing.inSpanOf(source, "sequence", () -> {
                    CompletableFuture<?> ack = output.publish(source.value(), origin, outcome);
                    if (ack != null) {
                        acks.add(ack);
                    }
                });
            }
        }
        awaitAcks(acks);
        // parked after the batch's outputs are acknowledged: a batch read again parks nothing new before them
        for (ConsumerRecord<String, InboundEnvelope> record : undecodable) {
            deadLetters.park(record, DeadLetters.Reason.UNDECODABLE, DeadLetters.decodeFailure(record));
        }
    }

    /** Returns once every record is acknowledged; throws (and the batch is read again) if any failed. */
    private static void awaitAcks(List<CompletableFuture<?>> acks) throws InterruptedException {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("sequenced records not acknowledged; the batch is read again", e);
        }
    }
}
