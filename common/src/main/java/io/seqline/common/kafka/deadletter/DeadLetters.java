package io.seqline.common.kafka.deadletter;

import com.google.protobuf.MessageLite;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.core.log.LogAccessor;

/**
 * Parks records a service can neither decode nor process on {@code <topic>.dlt}, with spring-kafka's
 * {@link DeadLetterPublishingRecoverer}: the original bytes and key, the original topic, partition and
 * offset and the exception in {@code kafka_dlt-*} headers, the reason in {@code seqline-dead-letter-reason}
 * and the parking service in {@code seqline-dead-letter-service}. Each parked record is counted in
 * {@code seqline.<service>.dead.letters{reason,topic}} and logged once at ERROR. Publishing waits for the
 * broker; when it fails the exception goes to the caller (the batch is then read again, so a record may be
 * parked twice, never lost). See docs/operations.md, "Dead letters".
 */
public final class DeadLetters {

    public static final String REASON_HEADER = "seqline-dead-letter-reason";
    public static final String SERVICE_HEADER = "seqline-dead-letter-service";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(DeadLetters.class);

    /** Why a record was parked; the metric tag and header value. */
    public enum Reason {
        /** not the topic's protobuf type, or without the fields its consumers need */
        UNDECODABLE,
        /** decoded, but refused by the store (e.g. PostgreSQL rejects a value) */
        UNSTORABLE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String service;
    private final MeterRegistry meters;
    private final DeadLetterPublishingRecoverer recoverer;
    private final Map<String, Counter> parked = new ConcurrentHashMap<>();

    /**
     * @param service the short service name in the metric ({@code seqline.<service>.dead.letters}) and header,
     *                e.g. "history"
     * @param topics  the topics the service reads, whose counters are registered at once (dashboards and
     *                alerts then see zeros rather than nothing)
     */
    public DeadLetters(String service, java.util.List<String> topics, KafkaTemplate<String, byte[]> kafka,
                       MeterRegistry meters) {
        this.service = service;
        this.meters = meters;
        // the dead-letter topic is partitioned by key, like the original
        this.recoverer = new DeadLetterPublishingRecoverer(kafka, (record, error) -> new TopicPartition(topicFor(record.topic()), -1));
        this.recoverer.addHeadersFunction((record, error) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, reasonOf(error).tag().getBytes(StandardCharsets.UTF_8));
            headers.add(SERVICE_HEADER, service.getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        for (String topic : topics) {
            for (Reason reason : Reason.values()) {
                counter(reason, topic);
            }
        }
    }

    /** The dead-letter topic of a topic. */
    public static String topicFor(String topic) {
        return topic + ".dlt";
    }

    /**
     * The failure of a record whose value could not be decoded (its value is then null), from the header that
     * spring-kafka's ErrorHandlingDeserializer put there; a generic one when there is none.
     */
    public static Exception decodeFailure(ConsumerRecord<?, ?> record) {
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        return failure != null ? failure : new IllegalArgumentException("no value");
    }

    /**
     * Parks a record: an undecodable one (null value) with its original bytes, kept by the deserializer in a
     * header; a decoded one re-encoded, which gives the same bytes.
     */
    public void park(ConsumerRecord<String, ?> record, Reason reason, Exception cause) {
        byte[] value = record.value() instanceof MessageLite message ? message.toByteArray()
                : record.value() instanceof byte[] bytes ? bytes : null;
        ConsumerRecord<String, byte[]> raw = new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.timestampType(), record.serializedKeySize(), record.serializedValueSize(),
                record.key(), value, record.headers(), record.leaderEpoch());
        Parked parkedFor = new Parked(reason, cause);
        recoverer.accept(raw, null, parkedFor);
        counter(reason, record.topic()).increment();
        log.error("{} parked {} record {}-{}@{} (key {}) on {}: {}", service, reason.tag(), record.topic(),
                record.partition(), record.offset(), record.key(), topicFor(record.topic()), parkedFor.getMessage());
    }

    private Counter counter(Reason reason, String topic) {
        return parked.computeIfAbsent(reason.tag() + "|" + topic, key -> Counter.builder("seqline." + service + ".dead.letters")
                .tag("reason", reason.tag()).tag("topic", topic)
                .description("records " + service + " could not decode or process, parked on <topic>.dlt")
                .register(meters));
    }

    private static Reason reasonOf(Exception error) {
        return error instanceof Parked p ? p.reason : Reason.UNSTORABLE;
    }

    /** Carries the reason through the recoverer; its message is the cause's most specific one, on one line. */
    private static final class Parked extends RuntimeException {
        private final transient Reason reason;

        Parked(Reason reason, Exception cause) {
            super(describe(cause), cause);
            this.reason = reason;
        }
    }

    /** The most specific message of a failure, on one line and at most 300 characters, for a log line. */
    public static String describe(Throwable failure) {
        String text = String.valueOf(NestedExceptionUtils.getMostSpecificCause(failure).getMessage())
                .replaceAll("\\s+", " ").trim();
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }
}
