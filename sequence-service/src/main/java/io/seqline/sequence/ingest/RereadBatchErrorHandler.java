package io.seqline.sequence.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * A failed im.inbound batch commits nothing and is read again from its first record, after a backoff that
 * grows to {@code maxBackoff}: never skipped, never committed past. It seeks instead of retrying in memory so
 * that the next poll also takes part in a rebalance: a sequencer that lost its partitions (fenced) lets them
 * go instead of retrying a batch that is no longer its own.
 */
final class RereadBatchErrorHandler implements CommonErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(RereadBatchErrorHandler.class);

    /** Failures in a row on this consumer thread, and when the last one was (nanoTime). */
    private static final ThreadLocal<long[]> FAILURES = ThreadLocal.withInitial(() -> new long[2]);
    private static final long QUIET_NANOS = Duration.ofSeconds(30).toNanos();

    private final Duration firstBackoff;
    private final Duration maxBackoff;

    RereadBatchErrorHandler(Duration firstBackoff, Duration maxBackoff) {
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public boolean seeksAfterHandling() {
        return true;
    }

    @Override
    public boolean isAckAfterHandle() {
        return false;
    }

    @Override
    public void handleBatch(Exception thrown, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
                                         MessageListenerContainer container, Runnable invokeListener) {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<?, ?> record : data) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        first.forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
        long[] failures = FAILURES.get();
        long now = System.nanoTime();
        if (now - failures[1] > QUIET_NANOS) {
            failures[0] = 0; // the first failure after a quiet spell starts the backoff again
        }
        failures[1] = now;
        long backoff = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(failures[0]++, 16));
        log.warn("im.inbound batch of {} records failed, read again in {} ms: {}", data.count(), backoff,
                thrown.getCause() != null ? thrown.getCause().toString() : thrown.toString());
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
