package io.seqline.sequence.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.common.ids.ConversationIds;
import io.seqline.common.kafka.Topics;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Message;
import io.seqline.sequence.reservation.SeqReservations;
import io.seqline.sequence.sequencer.InboundSend;
import io.seqline.sequence.sequencer.MessageSequencer;
import io.seqline.sequence.sequencer.Outcome;
import io.seqline.sequence.sequencer.SequencerTestWiring;
import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.PostgresExtension;
import io.seqline.testsupport.RedisExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Redis loses everything while a client still waits for the acks of sends that were already sequenced:
 * the resends must be duplicates with their original seqs, not new messages. The streams are rebuilt from
 * a real {@code im.messages} log on real Kafka.
 */
class StreamStateRebuilderTest {

    static final int PARTITIONS = 3;

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.resettingEachTest();
    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.resettingEachTest();

    static SharedRedis connection;
    static KafkaProducer<String, byte[]> producer;

    MessageSequencer sequencer;
    String conversation;
    String stream;
    int partition;
    long offset;

    @BeforeAll
    static void connect() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            var existing = admin.listTopics().names().get();
            List<NewTopic> topics = java.util.stream.Stream.of(Topics.INBOUND, Topics.MESSAGES)
                    .filter(t -> !existing.contains(t)).map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
            admin.createTopics(topics).all().get();
        }
        connection = SharedRedis.connect(redis.url());
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        connection.close();
    }

    @org.junit.jupiter.api.AfterEach
    void stopPrefetchers() {
        SequencerTestWiring.close();
    }

    @BeforeEach
    void wire() {
        var properties = SequencerTestWiring.properties(10, 64);
        var consumers = new DefaultKafkaConsumerFactory<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        var rebuilder = new StreamStateRebuilder(connection, consumers, properties, Clock.systemUTC());
        sequencer = SequencerTestWiring.sequencer(connection, new SeqReservations(SequencerTestWiring.jdbc(postgres)),
                properties, rebuilder);
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 6);
        conversation = ConversationIds.direct(alice, "bob");
        partition = StreamLog.inboundPartition(conversation, PARTITIONS);
        stream = UUID.randomUUID().toString();
    }

    private InboundSend send(long clientSeq) {
        return new InboundSend(conversation, stream, clientSeq, conversation.split(":")[1], false,
                partition + ":" + (offset++));
    }

    /** Sequences the sends and logs the accepted ones in im.messages the way the sequencer's output does. */
    private List<Outcome> sequenceAndLog(InboundSend... sends) throws Exception {
        List<Outcome> outcomes = sequencer.sequence(List.of(sends));
        for (int i = 0; i < sends.length; i++) {
            if (outcomes.get(i).code() == Outcome.Code.ACCEPTED) {
                Message message = Message.newBuilder().setConversationId(conversation).setSeq(outcomes.get(i).seq())
                        .setClientSeq(sends[i].clientSeq()).setSenderId(sends[i].senderId())
                        .setContent(Content.newBuilder().setText("m" + sends[i].clientSeq())).build();
                var record = new ProducerRecord<>(Topics.MESSAGES, partition, conversation, message.toByteArray());
                record.headers().add(StreamStateRebuilder.STREAM_HEADER, stream.getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }
        return outcomes.stream().map(Outcome::decision).toList();
    }

    @Test
    void resendsOfSendsSequencedBeforeRedisLostItsDataAreDuplicatesWithTheirSeqs() throws Exception {
        assertThat(sequenceAndLog(send(1), send(2), send(3), send(4))).extracting(Outcome::seq).containsExactly(1L, 2L, 3L, 4L);

        redis.flushAll();
        // the client never saw the acks of 3 and 4 (routing had no routes): it goes back and resends them
        List<Outcome> after = sequenceAndLog(send(3), send(4), send(5));

        assertThat(after.get(0)).isEqualTo(Outcome.duplicate(3));
        assertThat(after.get(1)).isEqualTo(Outcome.duplicate(4));
        assertThat(after.get(2).code()).isEqualTo(Outcome.Code.ACCEPTED);
        assertThat(after.get(2).seq()).isGreaterThan(10); // above the reservation made before the loss
        assertThat(connection.sync().exists(RedisKeys.rebuilt(partition))).isEqualTo(1);
    }

    /**
     * A log too long to read within one slice (here: a zero slice and one record per poll) is read over
     * several tries of the batch, each continuing where the last stopped, so the consumer is never held past
     * {@code max.poll.interval.ms}; the result is the same as in one go.
     */
    @Test
    void aRebuildLongerThanOneSliceGoesOnWhereItStoppedUntilTheStreamIsWhole() throws Exception {
        assertThat(sequenceAndLog(send(1), send(2), send(3), send(4), send(5), send(6)))
                .extracting(Outcome::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        var properties = new io.seqline.sequence.sequencer.SequencerProperties(10, 64, java.time.Duration.ofHours(24), 8,
                "unused:1", java.time.Duration.ZERO, 0, java.time.Duration.ofSeconds(1));
        var onePerPoll = new DefaultKafkaConsumerFactory<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1),
                new StringDeserializer(), new ByteArrayDeserializer());
        MessageSequencer sliced = SequencerTestWiring.sequencer(connection,
                new SeqReservations(SequencerTestWiring.jdbc(postgres)), properties,
                new StreamStateRebuilder(connection, onePerPoll, properties, Clock.systemUTC()));
        redis.flushAll();

        List<InboundSend> resends = List.of(send(5), send(6), send(7));
        int tries = 0;
        List<Outcome> after = null;
        while (after == null) {
            tries++;
            try {
                after = sliced.sequence(resends).stream().map(Outcome::decision).toList();
            } catch (StreamStateRebuilder.RebuildContinues e) {
                assertThat(tries).as("tries before the rebuild is whole").isLessThan(100);
            }
        }
        assertThat(tries).isGreaterThan(2);
        assertThat(after.get(0)).isEqualTo(Outcome.duplicate(5));
        assertThat(after.get(1)).isEqualTo(Outcome.duplicate(6));
        assertThat(after.get(2).code()).isEqualTo(Outcome.Code.ACCEPTED);
    }

    @Test
    void aStreamRestoredFromTheLogStillRefusesASkipAhead() throws Exception {
        sequenceAndLog(send(1), send(2));
        redis.restartEmpty();

        assertThat(sequenceAndLog(send(5))).containsExactly(Outcome.outOfOrder(3));
        assertThat(sequenceAndLog(send(3)).get(0).code()).isEqualTo(Outcome.Code.ACCEPTED);
    }
}
