package io.seqline.history.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seqline.common.kafka.RecordDeserializer;
import io.seqline.common.kafka.Topics;
import io.seqline.common.kafka.deadletter.DeadLetters;
import io.seqline.proto.v1.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Writes {@code im.messages} to PostgreSQL in poll batches, then commits the offsets. One partition is
 * read by one thread, so a conversation's rows are stored in seq order, which is what makes
 * {@code throughSeq} safe; inserts ignore rows already stored, so a redelivered batch changes nothing.
 *
 * <p>A poison record never holds its partition:
 * <ul>
 *   <li>a record that is not a log event (see {@link RecordDeserializer}) is parked on
 *       {@code im.messages.dlt};</li>
 *   <li>when a batch fails to store while PostgreSQL answers, its records are stored one by one, and each
 *       one that still fails (e.g. a NUL in a text column) is parked;</li>
 *   <li>when PostgreSQL does not answer (down, failing over) or the failure is transient (lock timeout),
 *       nothing is parked: the batch is retried with backoff until it is stored
 *       ({@code HistoryApplication#ingestErrorHandler}).</li>
 * </ul>
 * Records are parked only after the rest of the batch is stored, so a batch retried during an outage does
 * not park anything again.
 */
@Component
class MessageIngestListener {

    private static final Logger log = LoggerFactory.getLogger(MessageIngestListener.class);

    private final BatchWriter writer;
    private final DeadLetters deadLetters;
    private final Counter stored;
    private final Counter failedBatches;
    private final Timer batches;

    MessageIngestListener(BatchWriter writer, DeadLetters deadLetters, MeterRegistry meters) {
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.stored = Counter.builder("seqline.history.stored")
                .description("Log events stored in PostgreSQL (a redelivered batch counts again)").register(meters);
        this.failedBatches = Counter.builder("seqline.history.batch.failures")
                .description("Batches that could not be stored (PostgreSQL unreachable) and are retried").register(meters);
        this.batches = Timer.builder("seqline.history.batch")
                .description("Time to store one poll batch of im.messages").publishPercentileHistogram().register(meters);
    }

    @KafkaListener(id = "history-ingest", topics = Topics.MESSAGES, batch = "true")
    void onBatch(List<ConsumerRecord<String, Message>> records) {
        List<ConsumerRecord<String, Message>> decoded = new ArrayList<>(records.size());
        List<Poison> poison = new ArrayList<>();
        for (ConsumerRecord<String, Message> record : records) {
            if (record.value() != null) {
                decoded.add(record);
                continue;
            }
            poison.add(new Poison(record, DeadLetters.Reason.UNDECODABLE, DeadLetters.decodeFailure(record)));
        }
        try {
            poison.addAll(batches.recordCallable(() -> store(decoded)));
        } catch (RuntimeException e) {
            failedBatches.increment();
            throw e;
        } catch (Exception e) { // recordCallable's signature; store throws unchecked only
            failedBatches.increment();
            throw new IllegalStateException(e);
        }
        poison.sort(IN_LOG_ORDER);
        for (Poison p : poison) {
            deadLetters.park(p.record(), p.reason(), p.failure());
        }
    }

    private record Poison(ConsumerRecord<String, Message> record, DeadLetters.Reason reason, Exception failure) {
    }

    private static final Comparator<Poison> IN_LOG_ORDER = Comparator
            .comparingInt((Poison p) -> p.record().partition()).thenComparingLong(p -> p.record().offset());

    /** Stores the batch, or record by record when it fails on its data; returns what could not be stored. */
    private List<Poison> store(List<ConsumerRecord<String, Message>> records) {
        try {
            writer.write(records.stream().map(ConsumerRecord::value).toList());
            stored.increment(records.size());
            return List.of();
        } catch (DataAccessException e) {
            requireDatabase(e);
            log.warn("a batch of {} im.messages records failed while PostgreSQL answers ({}); storing them one by one",
                    records.size(), DeadLetters.describe(e));
        }
        List<Poison> unstorable = new ArrayList<>();
        for (ConsumerRecord<String, Message> record : records) {
            try {
                writer.write(List.of(record.value()));
                stored.increment();
            } catch (DataAccessException e) {
                requireDatabase(e);
                unstorable.add(new Poison(record, DeadLetters.Reason.UNSTORABLE, e));
            }
        }
        return unstorable;
    }

    /** Rethrows a failure that is the database's rather than the data's: the batch is then retried as a whole. */
    private void requireDatabase(DataAccessException failure) {
        if (failure instanceof TransientDataAccessException || !writer.databaseAnswers()) {
            throw failure;
        }
    }
}
