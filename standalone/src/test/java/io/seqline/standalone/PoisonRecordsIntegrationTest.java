package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.Receipt;
import io.seqline.proto.v1.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Poison written straight to the topics, past every edge check, on every partition: a record of bytes that is
 * no protobuf of its topic on {@code im.inbound}, {@code im.messages}, {@code im.receipts} and
 * {@code im.signals}, and a send whose message id holds a NUL on {@code im.inbound}. Every service parks what
 * it cannot decode on {@code <topic>.dlt}, the sequencer refuses the NUL send ({@code INVALID}) instead of
 * giving it a seq, and the ordinary messages sent after it, across conversations on every partition, are all
 * delivered and stored.
 */
class PoisonRecordsIntegrationTest extends ClusterTest {

    private static final byte[] JUNK = {0x0a, 0x05, 'a'}; // field 1, 5 bytes announced, 1 there
    private static final List<String> TOPICS = List.of("im.inbound", "im.messages", "im.receipts", "im.signals");

    @Test
    void poisonOnEveryTopicIsParkedOrRefusedAndEveryPartitionFlowsOn() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int partitions;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            partitions = producer.partitionsFor("im.inbound").size();
            for (int p = 0; p < partitions; p++) {
                for (String topic : TOPICS) {
                    producer.send(new ProducerRecord<>(topic, p, junkKey(run, topic, p), JUNK));
                }
                producer.send(new ProducerRecord<>("im.inbound", p, "p:mallory-" + run + ":victim",
                        nulSend(run, p).toByteArray()));
            }
            producer.flush();
        }

        String alice = user("alice");
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            conversations.add(ConversationIds.direct(alice, user("bob" + i)));
        }
        try (WsTestClient a = connect(0, alice)) {
            for (int round = 1; round <= 10; round++) {
                for (String conversation : conversations) {
                    a.sendText(conversation, round, "ordinary " + round);
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> a.frames(f -> f.hasMessage()
                    && conversations.contains(f.getMessage().getConversationId())).size() >= 100);
        }
        JdbcTemplate history = cluster.history().getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> history.queryForObject(
                "select count(*) from messages where conversation_id in (" + String.join(",",
                        conversations.stream().map(c -> "'" + c + "'").toList()) + ")", Integer.class) == 100);

        // the NUL sends were refused, one answer each, never sequenced
        Set<String> refused = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : read(List.of("im.receipts"), "mallory-" + run)) {
                Receipt receipt = Receipt.parseFrom(record.value());
                if (receipt.hasRejected() && receipt.getRejected().getReason() == RejectReason.INVALID) {
                    refused.add(receipt.getRequestId());
                }
            }
            return refused.size() == partitions;
        });
        assertThat(history.queryForObject("select count(*) from messages where conversation_id = ?", Integer.class,
                "p:mallory-" + run + ":victim")).isZero();

        // every junk record is parked on its topic's dead-letter topic by every service that reads the topic
        Set<String> expected = new HashSet<>();
        for (int p = 0; p < partitions; p++) {
            expected.add(junkKey(run, "im.inbound", p) + " by sequencer");
            expected.add(junkKey(run, "im.messages", p) + " by history");
            expected.add(junkKey(run, "im.messages", p) + " by routing");
            expected.add(junkKey(run, "im.receipts", p) + " by routing");
            expected.add(junkKey(run, "im.signals", p) + " by routing");
        }
        Set<String> parked = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : read(TOPICS.stream().map(t -> t + ".dlt").toList(), run)) {
                assertThat(record.value()).containsExactly(JUNK);
                assertThat(header(record, "seqline-dead-letter-reason")).isEqualTo("undecodable");
                assertThat(record.topic()).isEqualTo(header(record, "kafka_dlt-original-topic") + ".dlt");
                parked.add(record.key() + " by " + header(record, "seqline-dead-letter-service"));
            }
            return parked.equals(expected);
        });
    }

    private static String junkKey(String run, String topic, int partition) {
        return "junk-" + run + "-" + topic + "-" + partition;
    }

    /** A send as only a broken or hostile producer could write it: its message id holds a NUL. */
    private static InboundEnvelope nulSend(String run, int partition) {
        return InboundEnvelope.newBuilder().setSenderId("mallory-" + run).setSenderDevice("d1")
                .setStreamId("s-" + run).setGatewayId("gw-forged").setRequestId("nul-" + partition)
                .setSend(ClientFrame.Send.newBuilder().setConversationId("p:mallory-" + run + ":victim")
                        .setClientMsgId("m\u0000" + partition).setClientSeq(1)
                        .setContent(Content.newBuilder().setText("poison")))
                .build();
    }

    /** The records of {@code topics} from the start whose key contains {@code marker}. */
    private static List<ConsumerRecord<String, byte[]>> read(List<String> topics, String marker) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "group.id", "poison-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && record.key().contains(marker)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return record.headers().lastHeader(name) == null ? null
                : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
