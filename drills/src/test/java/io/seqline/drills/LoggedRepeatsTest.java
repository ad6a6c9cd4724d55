package io.seqline.drills;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.common.kafka.Topics;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Message;
import io.seqline.testsupport.KafkaExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verdict's repeat check on a real broker: an identical repeat passes, a changed one and a reused seq are counted. */
class LoggedRepeatsTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @Test
    void aRepeatThatDiffersFromTheFirstRecordAndAReusedSeqAreCountedAndAnIdenticalRepeatIsNot() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.MESSAGES, 2, (short) 1))).all().get();
        }
        Message first = message("c1", 1, 1000, "hello");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.MESSAGES, "c1", first.toByteArray()));
            producer.send(new ProducerRecord<>(Topics.MESSAGES, "c1", message("c1", 2, 1001, "two").toByteArray()));
            producer.send(new ProducerRecord<>(Topics.MESSAGES, "c1", first.toByteArray())); // identical repeat
            producer.send(new ProducerRecord<>(Topics.MESSAGES, "c1", message("c1", 1, 1005, "hello").toByteArray())); // new serverTimeMs
            producer.send(new ProducerRecord<>(Topics.MESSAGES, "c1", message("c1", 2, 1001, "not two").toByteArray())); // seq 2 reused
            producer.send(new ProducerRecord<>(Topics.MESSAGES, "other", message("other", 1, 7, "x").toByteArray()));
            producer.send(new ProducerRecord<>(Topics.MESSAGES, "other", message("other", 1, 8, "y").toByteArray()));
            producer.flush();
        }

        LoggedRepeats logged = LoggedRepeats.read(kafka.bootstrapServers(), Set.of("c1"));

        assertThat(logged).isEqualTo(new LoggedRepeats(3, 2, 1));
    }

    private static Message message(String conversation, long seq, long serverTimeMs, String text) {
        return Message.newBuilder().setConversationId(conversation).setSeq(seq).setServerTimeMs(serverTimeMs)
                .setContent(Content.newBuilder().setText(text)).build();
    }
}
