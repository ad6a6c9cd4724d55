package io.seqline.sequence.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.seqline.common.ids.ConversationIds;
import io.seqline.common.redis.SharedRedis;
import io.seqline.sequence.reservation.SeqReservations;
import io.seqline.testsupport.MutableClock;
import io.seqline.testsupport.PostgresExtension;
import io.seqline.testsupport.RedisExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sequencer on real Redis and PostgreSQL, with a small reservation step to cross block boundaries. */
class MessageSequencerTest {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.resettingEachTest();
    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.resettingEachTest();

    static SharedRedis connection;
    static JdbcTemplate jdbc;

    final MutableClock clock = new MutableClock();
    MessageSequencer sequencer;
    ReservationPrefetcher prefetcher;
    String alice;
    String conversation;
    String stream;
    long offset;

    @BeforeAll
    static void connect() {
        jdbc = SequencerTestWiring.jdbc(postgres);
        connection = SharedRedis.connect(redis.url());
    }

    @AfterAll
    static void disconnect() {
        connection.close();
    }

    @BeforeEach
    void newConversation() {
        SequencerProperties properties = new SequencerProperties(10, 64, Duration.ofHours(24), 8, "unused:1", Duration.ofSeconds(60), 0, Duration.ofSeconds(1));
        // direct conversations never need group members; groups are covered by the integration tests
        SequencerScript script = new SequencerScript(connection, properties, clock);
        SeqReservations reservations = new SeqReservations(jdbc);
        prefetcher = new ReservationPrefetcher(script, reservations, properties);
        // these tests have no im.messages log to restore streams from: see StreamStateRebuilderTest
        sequencer = new MessageSequencer(script, reservations, properties, null, prefetcher, partitions -> { });
        alice = "alice-" + UUID.randomUUID().toString().substring(0, 6);
        conversation = ConversationIds.direct(alice, "bob");
        stream = UUID.randomUUID().toString();
    }

    @org.junit.jupiter.api.AfterEach
    void stopPrefetcher() {
        prefetcher.close();
    }

    private InboundSend send(long clientSeq) {
        return new InboundSend(conversation, stream, clientSeq, alice, false, "0:" + (offset++));
    }

    /** Outcomes without the ceiling (which depends on background reservations). */
    private List<Outcome> sequence(InboundSend... sends) {
        return sequencer.sequence(List.of(sends)).stream().map(Outcome::decision).toList();
    }

    /** Every routing instance learns of a membership change the moment it takes effect, from Redis itself. */
    @Test
    void aMembershipChangeIsAnnouncedOnTheMembersChangedChannelWhenItTakesEffect() {
        String group = ConversationIds.group(UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        java.util.concurrent.BlockingQueue<String> announced = new java.util.concurrent.LinkedBlockingQueue<>();
        try (var pubSub = connection.connectPubSub()) {
            pubSub.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    announced.add(message);
                }
            });
            pubSub.sync().subscribe(io.seqline.common.redis.RedisKeys.MEMBERS_CHANGED);
            InboundSend create = new InboundSend(group, "sys-1", 1, alice, "", true, "0:" + (offset++), "CREATE",
                    List.of(alice, "bob"), 0);
            assertThat(sequencer.sequence(List.of(create))).extracting(Outcome::code).containsExactly(Outcome.Code.ACCEPTED);
            String first = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(announced::poll, java.util.Objects::nonNull);
            assertThat(first).isEqualTo(group);
        }
    }

    @Test
    void onePipelinedBatchGetsConsecutiveSeqsAcrossReservationBlocks() {
        List<InboundSend> batch = new ArrayList<>();
        for (long cs = 1; cs <= 25; cs++) {
            batch.add(send(cs));
        }
        List<Outcome> outcomes = sequencer.sequence(batch);

        assertThat(outcomes).extracting(Outcome::code).containsOnly(Outcome.Code.ACCEPTED);
        assertThat(outcomes).extracting(Outcome::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        // blocks of 10: 25 issued needs 30, and past half of that block the next one is reserved ahead
        org.awaitility.Awaitility.await().until(() -> new SeqReservations(jdbc).reservedMax(conversation) == 40);
    }

    @Test
    void aBusyConversationGetsItsNextBlockReservedBeforeItRunsOut() {
        sequence(send(1), send(2), send(3), send(4), send(5), send(6)); // 6 of the first 10: past half
        org.awaitility.Awaitility.await().until(() -> new SeqReservations(jdbc).reservedMax(conversation) == 20);
        List<InboundSend> more = new ArrayList<>();
        for (long cs = 7; cs <= 20; cs++) {
            more.add(send(cs));
        }
        assertThat(sequencer.sequence(more)).extracting(Outcome::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(7, 20).boxed().toList());
    }

    @Test
    void interleavedConversationsEachGetTheirOwnConsecutiveSeqs() {
        String other = ConversationIds.direct(alice, "carol");
        List<InboundSend> batch = new ArrayList<>();
        for (long cs = 1; cs <= 12; cs++) {
            batch.add(send(cs));
            batch.add(new InboundSend(other, stream, cs, alice, false, "1:" + cs));
        }
        List<Outcome> outcomes = sequencer.sequence(batch).stream()
                .map(Outcome::decision).toList();
        for (int i = 0; i < 12; i++) {
            assertThat(outcomes.get(2 * i)).isEqualTo(Outcome.accepted(i + 1));
            assertThat(outcomes.get(2 * i + 1)).isEqualTo(Outcome.accepted(i + 1));
        }
    }

    @Test
    void aResentClientSeqIsADuplicateWithItsOriginalSeqAndIssuesNoNewSeq() {
        sequence(send(1), send(2), send(3));
        assertThat(sequence(send(2))).containsExactly(Outcome.duplicate(2));
        assertThat(sequence(send(4))).containsExactly(Outcome.accepted(4));
    }

    @Test
    void aRecordReadAgainGetsItsOriginalSeqAndServerTimeSoItsMessageIsEmittedIdentically() {
        InboundSend first = send(1);
        InboundSend second = send(2);
        List<Outcome> before = sequencer.sequence(List.of(first, second));
        clock.advance(Duration.ofSeconds(7));
        // a crash before the batch's offsets were committed: the same records (same partition and offset) again
        List<Outcome> again = sequencer.sequence(List.of(first, second));

        assertThat(again).extracting(Outcome::code).containsOnly(Outcome.Code.ACCEPTED);
        assertThat(again).extracting(Outcome::seq).containsExactly(1L, 2L);
        assertThat(again).extracting(Outcome::serverTimeMs)
                .containsExactlyElementsOf(before.stream().map(Outcome::serverTimeMs).toList());
        assertThat(sequence(send(3))).containsExactly(Outcome.accepted(3));
    }

    @Test
    void aRefusedRecordReadAgainIsRefusedAgainAlthoughItsStreamMovedOn() {
        sequence(send(1));
        InboundSend skipAhead = send(3);
        assertThat(sequence(skipAhead, send(2))).containsExactly(Outcome.outOfOrder(2), Outcome.accepted(2));
        // read again after a crash: clientSeq 3 would now be next in line, but this record was refused
        assertThat(sequence(skipAhead)).containsExactly(Outcome.outOfOrder(2));
        assertThat(sequence(send(3))).containsExactly(Outcome.accepted(3));
    }

    @Test
    void aResentRecallThatWasAppliedIsADuplicateAndOneDeniedStaysDenied() {
        sequence(send(1), send(2));
        InboundSend recall = new InboundSend(conversation, stream, 3, alice, "", false, "0:" + (offset++), "", List.of(), 1);
        InboundSend early = new InboundSend(conversation, stream, 4, alice, "", false, "0:" + (offset++), "", List.of(), 5);
        assertThat(sequence(recall, early)).containsExactly(Outcome.accepted(3), new Outcome(Outcome.Code.RECALL_DENIED, 0, 0));
        sequence(send(4), send(5)); // seq 5 exists now
        // the same records again: the recall keeps its seq, the early recall of 5 stays denied
        assertThat(sequence(recall, early)).containsExactly(Outcome.accepted(3), new Outcome(Outcome.Code.RECALL_DENIED, 0, 0));
    }

    @Test
    void anotherUserWithTheSameStreamIdCannotSwallowASend() {
        assertThat(sequence(send(1))).containsExactly(Outcome.accepted(1));
        // bob learnt alice's stream id (it is in her welcome) and sends clientSeqs 1 and 2 in their chat with it
        InboundSend bob1 = new InboundSend(conversation, stream, 1, "bob", "phone", false, "0:" + (offset++), "", List.of(), 0);
        InboundSend bob2 = new InboundSend(conversation, stream, 2, "bob", "phone", false, "0:" + (offset++), "", List.of(), 0);
        assertThat(sequence(bob1, bob2)).containsExactly(Outcome.accepted(2), Outcome.accepted(3));
        // alice's own clientSeq 2 is hers: a new message, not a duplicate of bob's
        assertThat(sequence(send(2))).containsExactly(Outcome.accepted(4));
    }

    @Test
    void aFormerOwnerOfThePartitionIsFencedAndIssuesNothing() {
        assertThat(sequencer.sequence(List.of(send(1)), p -> 7).get(0).seq()).isEqualTo(1);
        InboundSend late = send(2);
        assertThatThrownBy(() -> sequencer.sequence(List.of(late), p -> 6)).isInstanceOf(FencedException.class);
        // nothing was issued for it: the owner's next send gets seq 2
        assertThat(sequencer.sequence(List.of(late), p -> 8)).extracting(Outcome::seq).containsExactly(2L);
    }

    @Test
    void aBatchRunAfterItsScriptWasFlushedStillTakesSeqsInBatchOrder() {
        // one reservation block covers the whole batch, so it goes through a single pipelined round
        SequencerProperties large = new SequencerProperties(100_000, 1024, Duration.ofHours(24), 8, "unused:1", Duration.ofSeconds(60), 0, Duration.ofSeconds(1));
        sequencer = new MessageSequencer(new SequencerScript(connection, large, clock), new SeqReservations(jdbc), large,
                null, prefetcher, partitions -> { });
        assertThat(sequence(send(1))).containsExactly(Outcome.accepted(1));
        String otherStream = UUID.randomUUID().toString();
        List<InboundSend> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(i % 2 == 0 ? send(2 + i / 2)
                    : new InboundSend(conversation, otherStream, 1 + i / 2, alice, false, "0:" + (offset++)));
        }
        connection.sync().scriptFlush(); // a Redis restart that kept its data, a failover, a deploy of a new script

        List<Outcome> outcomes = sequencer.sequence(batch);

        assertThat(outcomes).extracting(Outcome::code).containsOnly(Outcome.Code.ACCEPTED);
        assertThat(outcomes).extracting(Outcome::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(2, 501).boxed().toList());
    }

    @Test
    void aClientSeqThatSkipsAheadIsOutOfOrderWithTheExpectedClientSeq() {
        sequence(send(1));
        assertThat(sequence(send(3), send(2), send(3))).containsExactly(
                Outcome.outOfOrder(2), Outcome.accepted(2), Outcome.accepted(3));
    }

    @Test
    void aNewStreamStartsAtClientSeqOne() {
        assertThat(sequence(send(1), send(2))).containsExactly(Outcome.accepted(1), Outcome.accepted(2));
    }

    @Test
    void aStreamWhoseStateExpiredRefusesAResendAboveClientSeqOneSoItNeverGetsASecondSeq() {
        assertThat(sequence(send(1), send(2), send(3))).extracting(Outcome::seq).containsExactly(1L, 2L, 3L);
        // the stream stays idle past its TTL and its state expires; the device, offline all that time, never
        // got the echo of clientSeq 3 and resends it
        expireStreamState();
        assertThat(sequence(send(3))).containsExactly(new Outcome(Outcome.Code.STREAM_EXPIRED, 0, 1));
        // it finds its clientSeq 3 in history, has nothing else pending, and flags its next send as the start
        assertThat(sequence(send(4).withStreamStart(true))).containsExactly(Outcome.accepted(4));
        assertThat(sequence(send(3))).as("the old resend, late").containsExactly(Outcome.outOfOrder(5));
    }

    @Test
    void aResendFlaggedAsTheStreamStartAfterTheClientCheckedHistoryGetsOneSeqAndItsCopiesAreDuplicates() {
        assertThat(sequence(send(1), send(2))).extracting(Outcome::seq).containsExactly(1L, 2L);
        expireStreamState();
        // clientSeqs 3 and 4 never reached the sequencer; after the refusal the client found neither in history
        assertThat(sequence(send(3), send(4))).extracting(Outcome::code)
                .containsExactly(Outcome.Code.STREAM_EXPIRED, Outcome.Code.STREAM_EXPIRED);
        assertThat(sequence(send(3).withStreamStart(true), send(4))).containsExactly(Outcome.accepted(3), Outcome.accepted(4));
        // a copy of the flagged resend, and one of the first transmission, are the same message: no second seq
        assertThat(sequence(send(3).withStreamStart(true), send(3))).extracting(Outcome::code, Outcome::seq)
                .containsExactly(tuple(Outcome.Code.DUPLICATE, 3L), tuple(Outcome.Code.DUPLICATE, 3L));
    }

    @Test
    void theStreamStartFlagChangesNothingOnAStreamThatHasState() {
        assertThat(sequence(send(1), send(2))).extracting(Outcome::seq).containsExactly(1L, 2L);
        assertThat(sequence(send(5).withStreamStart(true))).containsExactly(Outcome.outOfOrder(3));
        assertThat(sequence(send(2).withStreamStart(true))).extracting(Outcome::code).containsExactly(Outcome.Code.DUPLICATE);
    }

    private void expireStreamState() {
        List<String> keys = connection.sync().keys("im:stream:*:" + stream);
        assertThat(keys).hasSize(1);
        connection.sync().del(keys.toArray(String[]::new));
    }

    @Test
    void afterRedisLosesEverythingTheSeqContinuesAboveEverySeqIssued() {
        sequence(send(1), send(2), send(3));
        redis.flushAll();
        stream = UUID.randomUUID().toString(); // (this test has no log to rebuild the old stream's state from)
        List<Outcome> after = sequence(send(1), send(2));
        assertThat(after).extracting(Outcome::code).containsOnly(Outcome.Code.ACCEPTED);
        long reserved = 10; // what was durably reserved before the loss (no prefetch: only 3 of 10 used)
        assertThat(after.get(0).seq()).isEqualTo(reserved + 1); // above every seq that may have been issued
        assertThat(after.get(1).seq()).isEqualTo(reserved + 2);
    }

    @Test
    void aSenderOutsideTheDirectConversationIsNotAMemberAndBadInputIsInvalid() {
        InboundSend mallory = new InboundSend(conversation, stream, 1, "mallory", false, "0:99");
        InboundSend zero = new InboundSend(conversation, stream, 0, alice, false, "0:100");
        InboundSend badId = new InboundSend("p:b:a", stream, 1, alice, false, "0:101");
        assertThat(sequence(mallory, zero, badId)).extracting(Outcome::code)
                .containsExactly(Outcome.Code.NOT_MEMBER, Outcome.Code.INVALID, Outcome.Code.INVALID);
    }

    @Test
    void aMessageIsRecalledOnceAndOnlyIfItExists() {
        sequence(send(1), send(2));
        InboundSend recall = new InboundSend(conversation, stream, 3, alice, "", false, "0:" + (offset++), "", List.of(), 1);
        InboundSend again = new InboundSend(conversation, stream, 4, alice, "", false, "0:" + (offset++), "", List.of(), 1);
        InboundSend future = new InboundSend(conversation, stream, 4, alice, "", false, "0:" + (offset++), "", List.of(), 99);
        assertThat(sequence(recall, again)).extracting(Outcome::code)
                .containsExactly(Outcome.Code.ACCEPTED, Outcome.Code.RECALL_DENIED);
        assertThat(sequence(future)).extracting(Outcome::code).containsExactly(Outcome.Code.RECALL_DENIED);
    }

    @Test
    void aRecallIsAllowedUntilItsTimeButAResendOfOneAppliedIsADuplicateAfterIt() {
        sequence(send(1), send(2));
        long until = clock.millis() + 3_000;
        InboundSend recall = recall(3, 1, until);
        assertThat(sequence(recall)).containsExactly(Outcome.accepted(3));
        clock.advance(Duration.ofSeconds(4));

        // the same send again (its echo was lost), past the window: the duplicate of seq 3, not a refusal
        assertThat(sequence(recall(3, 1, until))).containsExactly(Outcome.duplicate(3));
        // a new recall of message 2 past the window, and one the gateway found no grounds for
        assertThat(sequence(recall(4, 2, until), recall(4, 2, 0))).extracting(Outcome::code)
                .containsExactly(Outcome.Code.RECALL_NOT_ALLOWED, Outcome.Code.RECALL_NOT_ALLOWED);
        // one without a time limit (a group owner's or admin's), and then a second recall of the same message
        assertThat(sequence(recall(4, 2, -1), recall(5, 2, -1))).containsExactly(Outcome.accepted(4),
                new Outcome(Outcome.Code.RECALL_DENIED, 0, 0));
    }

    private InboundSend recall(long clientSeq, long target, long allowedUntil) {
        return new InboundSend(conversation, stream, clientSeq, alice, "", false, "0:" + (offset++), "", List.of(),
                target, allowedUntil);
    }
}
