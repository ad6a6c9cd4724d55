package io.seqline.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.support.ProducerListener;

/**
 * Counts the gateway's published records as {@code seqline.gateway.published{topic, outcome=ok|failed}}.
 * The gateway writes to a handful of topics, so the tag stays low-cardinality.
 */
final class PublishedRecords implements ProducerListener<Object, Object> {

    private final MeterRegistry meters;
    private final Map<String, Counter> ok = new ConcurrentHashMap<>();
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();

    PublishedRecords(MeterRegistry meters) {
        this.meters = meters;
        counter(ok, io.seqline.common.kafka.Topics.INBOUND, "ok");
        counter(failed, io.seqline.common.kafka.Topics.INBOUND, "failed");
    }

    @Override
    public void onSuccess(ProducerRecord<Object, Object> record, RecordMetadata metadata) {
        counter(ok, record.topic(), "ok").increment();
    }

    @Override
    public void onError(ProducerRecord<Object, Object> record, RecordMetadata metadata, Exception exception) {
        counter(failed, record.topic(), "failed").increment();
    }

    private Counter counter(Map<String, Counter> byTopic, String topic, String outcome) {
        return byTopic.computeIfAbsent(topic, t -> Counter.builder("seqline.gateway.published")
                .description("Records the gateway published to Kafka (client sends and API messages to im.inbound)")
                .tag("topic", t).tag("outcome", outcome).register(meters));
    }
}
