package io.seqline.history.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seqline.common.kafka.Topics;
import io.seqline.proto.v1.Message;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Writes {@code im.messages} to PostgreSQL in poll batches, then commits the offsets. A failed batch
 * (PostgreSQL down) is retried with backoff until it is stored; inserts ignore rows already stored, so a
 * redelivered batch changes nothing. One partition is read by one thread, so a conversation's rows are
 * stored in seq order, which is what makes {@code throughSeq} safe.
 */
@Component
class MessageIngestListener {

    private static final Logger log = LoggerFactory.getLogger(MessageIngestListener.class);

    private final BatchWriter writer;
    private final Counter stored;
    private final Timer batches;

    MessageIngestListener(BatchWriter writer, MeterRegistry meters) {
        this.writer = writer;
        this.stored = Counter.builder("seqline.history.stored")
                .description("Log events stored in PostgreSQL (a redelivered batch counts again)").register(meters);
        this.batches = Timer.builder("seqline.history.batch")
                .description("Time to store one poll batch of im.messages").publishPercentileHistogram().register(meters);
    }

    @KafkaListener(id = "history-ingest", topics = Topics.MESSAGES, batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<Message> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(Message.parseFrom(record.value()));
            } catch (InvalidProtocolBufferException | NullPointerException e) {
                log.warn("skipping unreadable im.messages record {}-{}", record.partition(), record.offset());
            }
        }
        batches.record(() -> writer.write(batch));
        stored.increment(batch.size());
    }
}
