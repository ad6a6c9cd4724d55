package io.seqline.history.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seqline.history.HistoryUnderTest;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Message;
import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Poison records on {@code im.messages} (written straight to the topic, past every edge check): a record
 * PostgreSQL refuses and a record that is not a Message are parked on {@code im.messages.dlt}, counted and
 * skipped, and every ordinary record of the same partition behind them is stored. A PostgreSQL outage, on
 * the other hand, parks nothing: the batch waits for the database.
 */
class PoisonRecordIngestTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static ConfigurableApplicationContext history;
    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        history = HistoryUnderTest.start(kafka, postgres, "--seqline.topics.partitions=2", "--spring.datasource.hikari.connection-timeout=2000");
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (history != null) {
            history.close();
        }
    }

    @Test
    void aNulMessageAndAnUndecodableRecordAreParkedAndThePartitionFlowsOn() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String poisonConversation = "p:nul-" + run + ":zz";
        send(poisonConversation, Message.newBuilder().setConversationId(poisonConversation).setSeq(1)
                .setSenderId("nul-" + run).setSenderDevice("d1").setClientMsgId("m\u0000").setClientSeq(1)
                .setServerTimeMs(1).setContent(Content.newBuilder().setText("poison")).build().toByteArray());
        send("p:junk-" + run + ":zz", new byte[] {0x0a, 0x05, 'a'}); // field 1, 5 bytes announced, 1 there
        for (int i = 0; i < 100; i++) {
            String conversation = "p:a" + (i % 10) + "-" + run + ":zz";
            send(conversation, Message.newBuilder().setConversationId(conversation).setSeq(i / 10 + 1)
                    .setSenderId("a" + (i % 10) + "-" + run).setSenderDevice("d1").setClientMsgId("m" + i)
                    .setClientSeq(i / 10 + 1).setServerTimeMs(1).setContent(Content.newBuilder().setText("ok " + i))
                    .build().toByteArray());
        }
        producer.flush();

        JdbcTemplate jdbc = history.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from messages where conversation_id like ?", Integer.class, "p:a_-" + run + ":zz") == 100);
        List<ConsumerRecord<String, byte[]>> parked = await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLetters(run), records -> records.size() == 2);
        // the dead-letter topic is partitioned by key, so the two may come back in either order
        parked = parked.stream().sorted(java.util.Comparator.comparing(ConsumerRecord::key)).toList();
        assertThat(parked).extracting(ConsumerRecord::key).containsExactly("p:junk-" + run + ":zz", poisonConversation);
        ConsumerRecord<String, byte[]> undecodable = parked.get(0);
        ConsumerRecord<String, byte[]> unstorable = parked.get(1);
        assertThat(Message.parseFrom(unstorable.value()).getClientMsgId()).isEqualTo("m\u0000");
        assertThat(undecodable.value()).containsExactly(0x0a, 0x05, 'a');
        assertThat(new String(unstorable.headers().lastHeader("seqline-dead-letter-reason").value())).isEqualTo("unstorable");
        assertThat(new String(undecodable.headers().lastHeader("seqline-dead-letter-reason").value())).isEqualTo("undecodable");
        assertThat(new String(unstorable.headers().lastHeader("kafka_dlt-original-topic").value())).isEqualTo("im.messages");
        assertThat(jdbc.queryForObject("select count(*) from messages where conversation_id = ?", Integer.class,
                poisonConversation)).isZero();
        assertThat(deadLetterCount("unstorable")).isEqualTo(1);
        assertThat(deadLetterCount("undecodable")).isEqualTo(1);
    }

    @Test
    void aPostgresOutageParksNothingAndTheBatchIsStoredWhenItIsBack() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        double parkedBefore = deadLetterCount("unstorable") + deadLetterCount("undecodable");
        double failuresBefore = batchFailures();
        postgres.stopServer();
        try {
            for (int i = 0; i < 20; i++) {
                String conversation = "p:down-" + run + ":zz";
                send(conversation, Message.newBuilder().setConversationId(conversation).setSeq(i + 1)
                        .setSenderId("down-" + run).setSenderDevice("d1").setClientMsgId("m" + i).setClientSeq(i + 1)
                        .setServerTimeMs(1).setContent(Content.newBuilder().setText("while down " + i)).build().toByteArray());
            }
            producer.flush();
            // history polls them and fails to store them while the database is down
            await().atMost(Duration.ofSeconds(60)).until(() -> batchFailures() > failuresBefore);
        } finally {
            postgres.startServer();
        }
        JdbcTemplate jdbc = history.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> jdbc.queryForObject(
                "select count(*) from messages where conversation_id = ?", Integer.class, "p:down-" + run + ":zz") == 20);
        assertThat(deadLetterCount("unstorable") + deadLetterCount("undecodable")).isEqualTo(parkedBefore);
    }

    private static void send(String key, byte[] value) {
        producer.send(new ProducerRecord<>("im.messages", 0, key, value));
    }

    private static double batchFailures() {
        Counter counter = history.getBean(MeterRegistry.class).find("seqline.history.batch.failures").counter();
        return counter == null ? 0 : counter.count();
    }

    private static double deadLetterCount(String reason) {
        Counter counter = history.getBean(MeterRegistry.class).find("seqline.history.dead.letters").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String run) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "dlt-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("im.messages.dlt"));
            long until = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().contains(run)) {
                        out.add(record);
                    }
                }
            }
        }
        return out;
    }
}
