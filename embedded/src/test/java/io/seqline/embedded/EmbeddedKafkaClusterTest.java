package io.seqline.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three KRaft nodes in one JVM: a topic with three copies keeps every acknowledged record when its leader dies. */
class EmbeddedKafkaClusterTest {

    @TempDir
    Path dir;

    @Test
    void aTopicWithThreeCopiesKeepsEveryAcknowledgedRecordWhenItsLeaderStopsAndComesBack() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(dir, 3);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get();
            int leader = describe(admin).partitions().get(0).leader().id();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "enable.idempotence", "true",
                    "delivery.timeout.ms", "60000"), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("t", "k", "r" + i)).get();
                }
                kafka.node(leader).stop();
                for (int i = 100; i < 200; i++) {
                    producer.send(new ProducerRecord<>("t", "k", "r" + i)).get();
                }
            }
            assertThat(describe(admin).partitions().get(0).leader().id()).as("another node leads").isNotEqualTo(leader);
            kafka.ensureRunning();
            assertThat(consumeAll(kafka.bootstrapServers(), 200)).as("every record once, in order")
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "r" + i).toList());
        }
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of("t")).allTopicNames().get().get("t");
    }

    private static List<String> consumeAll(String bootstrap, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "check", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("t"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
