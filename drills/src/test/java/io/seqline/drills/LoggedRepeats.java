package io.seqline.drills;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seqline.common.kafka.Topics;
import io.seqline.proto.v1.Message;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The repeats in {@code im.messages}: a record read again by the sequencer (after a crash, a handover, a
 * failed batch) is published again, and must be byte for byte the record published the first time (same
 * seq, {@code serverTimeMs} and content), or receivers and history would disagree about the message.
 *
 * @param repeats records whose (conversation, seq) an earlier record already had
 * @param differing those of them whose value is not identical to the first
 * @param reusedSeqs those of them that are another message (sender, client message id or content differ): a
 *                   seq issued twice
 */
record LoggedRepeats(int repeats, int differing, int reusedSeqs) {

    /** Reads the whole topic, keeping the records of {@code conversations}. */
    static LoggedRepeats read(String bootstrapServers, Set<String> conversations) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MESSAGES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<String, byte[]> first = new HashMap<>();
            int repeats = 0;
            int differing = 0;
            int reused = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("im.messages not read to its end within 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Message message = parse(record.value());
                    if (message == null || !conversations.contains(message.getConversationId())) {
                        continue;
                    }
                    byte[] earlier = first.putIfAbsent(message.getConversationId() + "#" + message.getSeq(), record.value());
                    if (earlier != null) {
                        repeats++;
                        differing += Arrays.equals(earlier, record.value()) ? 0 : 1;
                        reused += sameMessage(parse(earlier), message) ? 0 : 1;
                    }
                }
            }
            return new LoggedRepeats(repeats, differing, reused);
        }
    }

    private static boolean sameMessage(Message a, Message b) {
        return a.getSenderId().equals(b.getSenderId()) && a.getClientMsgId().equals(b.getClientMsgId())
                && a.getContent().equals(b.getContent());
    }

    private static Message parse(byte[] value) {
        try {
            return value == null ? null : Message.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}
