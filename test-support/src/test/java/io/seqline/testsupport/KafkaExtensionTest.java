package io.seqline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaExtensionTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @Test
    void producedRecordIsConsumed() throws Exception {
        String topic = "t-" + UUID.randomUUID();
        send(topic, "hello");

        assertThat(consume(topic)).containsExactly("hello");
    }

    @Test
    void brokerRestartKeepsRecordsAndAcceptsNewOnes() throws Exception {
        String topic = "t-" + UUID.randomUUID();
        send(topic, "before");

        kafka.stopBroker();
        kafka.startBroker();
        send(topic, "after");

        assertThat(consume(topic)).containsExactly("before", "after");
    }

    @Test
    void reportsAKnownMode() {
        assertThat(kafka.mode()).isIn("external", "testcontainers", "embedded");
        assertThat(kafka.bootstrapServers()).isNotBlank();
    }

    private static void send(String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
    }

    private static List<String> consume(String topic) {
        Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "g-" + UUID.randomUUID(), "auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
            });
        }
        return values;
    }
}
