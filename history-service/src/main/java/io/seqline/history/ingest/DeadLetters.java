package io.seqline.history.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seqline.common.kafka.Topics;
import io.seqline.proto.v1.Message;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Parks {@code im.messages} records that history can neither decode nor store on {@code im.messages.dlt},
 * with spring-kafka's {@link DeadLetterPublishingRecoverer}: the original bytes and key, the original
 * topic, partition and offset and the exception in {@code kafka_dlt-*} headers, and the reason in
 * {@code seqline-dead-letter-reason}. Each parked record is counted in {@code seqline.history.dead.letters}
 * by reason and logged once at ERROR. Publishing waits for the broker; when it fails, the exception goes
 * to the caller (the batch is then retried, so a record may be parked twice, never lost).
 */
@Component
class DeadLetters {

    static final String REASON_HEADER = "seqline-dead-letter-reason";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** Why a record was parked; the metric tag and header value. */
    enum Reason {
        UNDECODABLE, UNSTORABLE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final DeadLetterPublishingRecoverer recoverer;
    private final Map<Reason, Counter> parked = new EnumMap<>(Reason.class);

    DeadLetters(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
        this.recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, error) -> new TopicPartition(Topics.MESSAGES_DLT, -1)); // partitioned by key, like the original
        this.recoverer.addHeadersFunction((record, error) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, reasonOf(error).tag().getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        for (Reason reason : Reason.values()) {
            parked.put(reason, Counter.builder("seqline.history.dead.letters").tag("reason", reason.tag())
                    .description("im.messages records history could not decode or store, parked on im.messages.dlt")
                    .register(meters));
        }
    }

    /**
     * Parks a record: an undecodable one with its original bytes (kept by the deserializer in a header), a
     * decoded one that could not be stored re-encoded, which gives the same bytes.
     */
    void park(ConsumerRecord<String, Message> record, Reason reason, Exception cause) {
        ConsumerRecord<String, byte[]> raw = new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.timestampType(), record.serializedKeySize(), record.serializedValueSize(),
                record.key(), record.value() == null ? null : record.value().toByteArray(), record.headers(),
                record.leaderEpoch());
        Parked parkedFor = new Parked(reason, cause);
        recoverer.accept(raw, null, parkedFor);
        parked.get(reason).increment();
        log.error("parked {} record {}-{}@{} (key {}) on {}: {}", reason.tag(), record.topic(), record.partition(),
                record.offset(), record.key(), Topics.MESSAGES_DLT, parkedFor.getMessage());
    }

    private static Reason reasonOf(Exception error) {
        return error instanceof Parked p ? p.reason : Reason.UNSTORABLE;
    }

    /** Carries the reason through the recoverer; its message is the cause's most specific one, on one line. */
    private static final class Parked extends RuntimeException {
        private final Reason reason;

        Parked(Reason reason, Exception cause) {
            super(describe(cause), cause);
            this.reason = reason;
        }
    }

    /** The most specific message of a failure, on one line and at most 300 characters, for a log line. */
    static String describe(Throwable failure) {
        String text = String.valueOf(NestedExceptionUtils.getMostSpecificCause(failure).getMessage())
                .replaceAll("\\s+", " ").trim();
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }
}
