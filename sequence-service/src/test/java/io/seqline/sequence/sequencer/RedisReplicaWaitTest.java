package io.seqline.sequence.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqline.common.ids.ConversationIds;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.embedded.EmbeddedRedis;
import io.seqline.sequence.reservation.SeqReservations;
import io.seqline.testsupport.PostgresExtension;
import io.seqline.testsupport.RedisExtension;
import io.seqline.testsupport.RedisReplicas;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seqline.sequencer.redis-wait-replicas}: a batch's Redis writes reach that many replicas before the
 * sequencer hands out its outcomes (and so before anything of it is published); a replica promoted after a
 * failover then holds every seq that was ever published. Real primary and replica {@code redis-server}s.
 */
class RedisReplicaWaitTest {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.resettingEachTest();
    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.resettingEachTest();

    @TempDir
    Path dir;

    SharedRedis primary;
    MessageSequencer sequencer;
    ReservationPrefetcher prefetcher;
    String alice = "alice-" + UUID.randomUUID().toString().substring(0, 6);
    String conversation = ConversationIds.direct(alice, "bob");
    String stream = UUID.randomUUID().toString();

    @BeforeEach
    void wire() {
        primary = SharedRedis.connect(redis.url());
        SequencerProperties properties = new SequencerProperties(1000, 64, Duration.ofHours(24), 8, "unused:1",
                Duration.ofSeconds(60), 1, Duration.ofMillis(300));
        SequencerScript script = new SequencerScript(primary, properties, java.time.Clock.systemUTC());
        SeqReservations reservations = new SeqReservations(SequencerTestWiring.jdbc(postgres));
        prefetcher = new ReservationPrefetcher(script, reservations, properties);
        sequencer = new MessageSequencer(script, reservations, properties, null, prefetcher, partitions -> { });
    }

    @AfterEach
    void close() {
        prefetcher.close();
        primary.close();
    }

    @Test
    void aBatchWhoseWritesReachNoReplicaFailsAndReadAgainWithAReplicaKeepsItsSeq() {
        InboundSend first = new InboundSend(conversation, stream, 1, alice, false, "0:1");

        assertThatThrownBy(() -> sequencer.sequence(List.of(first)))
                .as("no replica acknowledged the batch's writes: nothing of it may be published")
                .isInstanceOf(RedisNotDurableException.class)
                .hasMessageContaining("0 of 1");

        InetSocketAddress primary = RedisReplicas.address(redis.url());
        try (EmbeddedRedis replica = RedisReplicas.following(primary.getHostString(), primary.getPort(), dir.resolve("replica"))) {
            List<Outcome> again = sequencer.sequence(List.of(first));
            List<Outcome> next = sequencer.sequence(List.of(new InboundSend(conversation, stream, 2, alice, false, "0:2")));

            assertThat(again).extracting(Outcome::code).containsExactly(Outcome.Code.ACCEPTED);
            assertThat(next).extracting(Outcome::seq).containsExactly(again.get(0).seq() + 1);
            RedisReplicas.run(replica.url(), r -> assertThat(r.exists(RedisKeys.seq(conversation)))
                    .as("the replica had the writes when the batch returned").isEqualTo(1L));
        }
    }
}
