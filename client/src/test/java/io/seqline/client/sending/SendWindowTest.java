package io.seqline.client.sending;

import static io.seqline.client.testing.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.seqline.client.SendRejectedException;
import io.seqline.client.connection.ReconnectBackoff;
import io.seqline.client.time.ManualScheduler;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.RejectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SendWindowTest {

    record Transmission(String requestId, long clientSeq, String clientMsgId, boolean streamStart) {
        Transmission(String requestId, long clientSeq, String clientMsgId) {
            this(requestId, clientSeq, clientMsgId, false);
        }
    }

    /** A history check the test answers: where it was asked to read from, and how to tell it is done. */
    record Check(long afterSeq, Consumer<Boolean> done) {
    }

    private final ManualScheduler time = new ManualScheduler();
    private final List<Transmission> wire = new ArrayList<>();
    private boolean online = true;
    private int seqsUnknown;
    private final List<Check> checks = new ArrayList<>();
    private final SendWindow window = new SendWindow("p:alice:bob", 1, 3, time.clock(), time,
            new ReconnectBackoff(Duration.ofMillis(250), Duration.ofSeconds(5), new Random(7)), send -> {
        if (!online) {
            return null;
        }
        Transmission t = new Transmission("r" + (wire.size() + 1), send.getClientSeq(), send.getClientMsgId(),
                send.getStreamStart());
        wire.add(t);
        return t.requestId();
    }, () -> seqsUnknown++, Duration.ofHours(23), (conversationId, afterSeq, done) -> {
        if (!online) {
            return false;
        }
        checks.add(new Check(afterSeq, done));
        return true;
    });

    private final List<CompletableFuture<Long>> futures = new ArrayList<>();

    private void enqueue(int count) {
        for (int i = 0; i < count; i++) {
            int n = futures.size() + 1;
            futures.add(window.enqueue("m" + n, Content.newBuilder().setText("text " + n).build()));
        }
    }

    private List<Long> clientSeqsOnWire() {
        return wire.stream().map(Transmission::clientSeq).toList();
    }

    private Transmission last(long clientSeq) {
        return wire.stream().filter(t -> t.clientSeq() == clientSeq).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void clientSeqsStartAtOneAndAtMostTheWindowIsOnTheWire() {
        enqueue(5);
        assertThat(clientSeqsOnWire()).containsExactly(1L, 2L, 3L);
        assertThat(window.inFlight()).isEqualTo(3);
    }

    @Test
    void anEchoCompletesItsSendWithTheSeqAndOpensTheWindow() {
        enqueue(5);
        assertThat(window.onAccepted("m1", 1, 41)).isTrue();

        assertThat(futures.get(0)).isCompletedWithValue(41L);
        assertThat(clientSeqsOnWire()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void theEchoOfALaterSendMeansTheEarlierOnesWereAcceptedWhoseSeqsComeLater() {
        enqueue(5);
        window.onAccepted("m2", 2, 42); // the echo of m1 was lost

        assertThat(clientSeqsOnWire()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(futures.get(0)).isNotDone();
        window.disconnected();
        window.pump();
        assertThat(clientSeqsOnWire()).as("m1 is not sent again").containsExactly(1L, 2L, 3L, 4L, 5L, 3L, 4L, 5L);

        window.onAccepted("m1", 1, 41); // from history
        assertThat(futures.get(0)).isCompletedWithValue(41L);
    }

    @Test
    void outOfOrderGoesBackToTheExpectedClientSeqAndIgnoresAnswersToEarlierTransmissions() {
        enqueue(3);
        String rejectedRequest = last(3).requestId();
        window.onRejected(last(2).requestId(), "m2", RejectReason.OUT_OF_ORDER, 2, "expected 2");
        assertThat(clientSeqsOnWire()).containsExactly(1L, 2L, 3L, 2L, 3L);

        window.onRejected(rejectedRequest, "m3", RejectReason.OUT_OF_ORDER, 2, "expected 2"); // stale
        assertThat(clientSeqsOnWire()).hasSize(5);
        window.onAccepted("m1", 1, 11);
        window.onAccepted("m2", 2, 12);
        window.onAccepted("m3", 3, 13);
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(window.pendingCount()).isZero();
    }

    @Test
    void aDuplicateAckChangesNothing() {
        enqueue(1);
        window.onAccepted("m1", 1, 7);
        assertThat(window.onAccepted("m1", 1, 7)).isFalse();
        assertThat(futures.get(0)).isCompletedWithValue(7L);
    }

    @Test
    void afterAReconnectEveryUnackedSendGoesOutAgainInOrder() {
        enqueue(4);
        window.onAccepted("m1", 1, 1);
        online = false;
        window.disconnected();
        window.pump();
        int before = wire.size();

        online = true;
        window.pump();
        assertThat(clientSeqsOnWire().subList(before, wire.size())).containsExactly(2L, 3L, 4L);
    }

    @Test
    void sendsMadeOfflineWaitForTheConnection() {
        online = false;
        enqueue(2);
        assertThat(wire).isEmpty();
        online = true;
        window.pump();
        assertThat(clientSeqsOnWire()).containsExactly(1L, 2L);
    }

    @ParameterizedTest
    @EnumSource(value = RejectReason.class, names = {"NOT_MEMBER", "TOO_LARGE", "INVALID", "RECALL_DENIED"})
    void aFinalRefusalFailsItsSendAndTheSendsAfterItMoveDownOneClientSeq(RejectReason reason) {
        enqueue(3);
        window.onRejected(last(2).requestId(), "m2", reason, 0, "refused");

        assertThat(futures.get(1)).isCompletedExceptionally();
        assertThat(failure(futures.get(1))).isInstanceOfSatisfying(SendRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(wire.get(wire.size() - 1)).isEqualTo(new Transmission("r4", 2, "m3"));
        enqueue(1);
        assertThat(last(3).clientMsgId()).isEqualTo("m4");
    }

    @Test
    void outOfOrderExpectingMoreThanTheRejectedMeansItWasAcceptedLongAgo() {
        enqueue(2);
        window.onRejected(last(1).requestId(), "m1", RejectReason.OUT_OF_ORDER, 3, "dedup window passed");

        assertThat(seqsUnknown).isEqualTo(1);
        window.disconnected();
        window.pump();
        assertThat(clientSeqsOnWire()).as("nothing to resend").containsExactly(1L, 2L);
        enqueue(1);
        assertThat(clientSeqsOnWire()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theOldestSendWaitingPastTheAckTimeoutSendsTheWindowAgain() {
        enqueue(2);
        time.advance(Duration.ofSeconds(9));
        window.checkTimeout(Duration.ofSeconds(10));
        assertThat(wire).hasSize(2);
        time.advance(Duration.ofSeconds(1));
        window.checkTimeout(Duration.ofSeconds(10));
        assertThat(clientSeqsOnWire()).containsExactly(1L, 2L, 1L, 2L);
    }

    @Test
    void aRetryableErrorSendsEverythingUnackedAgainAndAFinalOneFailsItsSend() {
        enqueue(3);
        window.onError(last(2).requestId(), new IllegalStateException("kafka down"), true);
        assertThat(clientSeqsOnWire()).containsExactly(1L, 2L, 3L, 1L, 2L, 3L);

        window.onError(last(3).requestId(), new IllegalStateException("bad"), false);
        assertThat(futures.get(2)).isCompletedExceptionally();
        assertThat(window.nextClientSeq()).isEqualTo(3);
    }

    @Test
    void rateLimitedKeepsItsClientSeqAndGoesBackToItAfterABackoff() {
        enqueue(3);
        window.onRejected(last(2).requestId(), "m2", RejectReason.RATE_LIMITED, 0, "send rate");
        window.onRejected(last(3).requestId(), "m3", RejectReason.RATE_LIMITED, 0, "send rate");

        assertThat(futures.get(1)).as("not final").isNotDone();
        assertThat(futures.get(2)).isNotDone();
        assertThat(clientSeqsOnWire()).as("nothing before the backoff").containsExactly(1L, 2L, 3L);
        enqueue(1);
        assertThat(window.nextClientSeq()).as("the refused clientSeq is not given to another send").isEqualTo(5);

        time.advanceMillis(250);
        assertThat(wire.subList(3, wire.size())).extracting(Transmission::clientSeq, Transmission::clientMsgId)
                .containsExactly(tuple(2L, "m2"), tuple(3L, "m3"));
        window.onAccepted("m1", 1, 11);
        window.onAccepted("m2", 2, 12);
        window.onAccepted("m3", 3, 13);
        assertThat(last(4).clientMsgId()).isEqualTo("m4");
        window.onAccepted("m4", 4, 14);
        assertThat(futures).extracting(CompletableFuture::join).containsExactly(11L, 12L, 13L, 14L);
    }

    @Test
    void rateLimitedAgainWaitsLongerAndAnAcceptStartsTheBackoffOver() {
        enqueue(1);
        window.onRejected(last(1).requestId(), "m1", RejectReason.RATE_LIMITED, 0, "send rate");
        time.advanceMillis(250);
        assertThat(clientSeqsOnWire()).containsExactly(1L, 1L);

        window.onRejected(last(1).requestId(), "m1", RejectReason.RATE_LIMITED, 0, "send rate");
        time.advanceMillis(249);
        assertThat(clientSeqsOnWire()).as("the second wait is drawn from 250..500 ms").hasSize(2);
        time.advanceMillis(251);
        assertThat(clientSeqsOnWire()).containsExactly(1L, 1L, 1L);

        window.onAccepted("m1", 1, 5);
        enqueue(1);
        window.onRejected(last(2).requestId(), "m2", RejectReason.RATE_LIMITED, 0, "send rate");
        time.advanceMillis(250);
        assertThat(clientSeqsOnWire()).containsExactly(1L, 1L, 1L, 2L, 2L);
    }

    @Test
    void aRateLimitedResendOfASendTheSequencerHadAcceptedIsAckedAsADuplicateWithItsSeq() {
        enqueue(2);
        window.disconnected(); // the echoes of 1 and 2 were lost with the socket; both were sequenced
        window.pump();
        window.onRejected(last(1).requestId(), "m1", RejectReason.RATE_LIMITED, 0, "send rate");
        window.onAccepted("m2", 2, 22); // the resend of 2 passed the gateway: a duplicate, acked with its seq
        enqueue(1);
        assertThat(window.nextClientSeq()).isEqualTo(4);

        time.advance(Duration.ofSeconds(5));
        assertThat(clientSeqsOnWire()).as("1 is known accepted now: not sent again").containsExactly(1L, 2L, 1L, 2L, 3L);
        window.onAccepted("m1", 1, 21); // its seq, from history
        assertThat(futures.get(0)).isCompletedWithValue(21L);
        assertThat(futures.get(1)).isCompletedWithValue(22L);
    }

    @Test
    void aSendAckIsTheEchoOfADuplicateAndASecondAnswerIsIgnored() {
        enqueue(2);
        assertThat(window.onAccepted("m1", 1, 31)).isTrue(); // sendAck: already sequenced with 31
        window.onRejected(last(1).requestId(), "m1", RejectReason.OUT_OF_ORDER, 2, "re-emitted refusal");
        assertThat(window.onAccepted("m1", 1, 31)).isFalse();

        assertThat(futures.get(0)).isCompletedWithValue(31L);
        assertThat(clientSeqsOnWire()).containsExactly(1L, 2L);
    }

    @Test
    void streamExpiredChecksHistoryThenSendsTheRestAgainWithTheirOwnClientSeqsTheFirstFlaggedAsTheStart() {
        enqueue(3);
        window.onAccepted("m1", 1, 11);
        // the stream sat idle past its TTL: the resend of 2 may have been sequenced before the state went
        window.onRejected(last(2).requestId(), "m2", RejectReason.STREAM_EXPIRED, 1, "stream expired");
        window.onRejected(last(3).requestId(), "m3", RejectReason.STREAM_EXPIRED, 1, "stream expired");
        enqueue(1);

        assertThat(checks).as("one read of the log, from where the line stood when the sends were queued")
                .extracting(Check::afterSeq).containsExactly(0L);
        assertThat(window.checkingHistory()).isTrue();
        assertThat(clientSeqsOnWire()).as("nothing goes out while the log is read").containsExactly(1L, 2L, 3L);
        window.onAccepted("m2", 2, 12); // found in history
        checks.get(0).done().accept(true);

        assertThat(futures.get(1)).isCompletedWithValue(12L);
        assertThat(wire.subList(3, wire.size())).extracting(Transmission::clientSeq, Transmission::clientMsgId,
                        Transmission::streamStart)
                .as("never renumbered: a clientSeq never carries other content")
                .containsExactly(tuple(3L, "m3", true), tuple(4L, "m4", false));
        window.onAccepted("m3", 3, 13);
        window.onAccepted("m4", 4, 14);
        enqueue(1);
        assertThat(last(5).streamStart()).as("the stream has state again").isFalse();
        assertThat(futures.get(4)).isNotDone();
        assertThat(futures.subList(0, 4)).extracting(CompletableFuture::join).containsExactly(11L, 12L, 13L, 14L);
    }

    @Test
    void theCheckReadsFromBelowTheLowestSeqAPendingSendCouldHave() {
        window.enqueue("m1", Content.newBuilder().setText("a").build(), 40);
        window.enqueue("m2", Content.newBuilder().setText("b").build(), 45);
        window.onRejected(last(1).requestId(), "m1", RejectReason.STREAM_EXPIRED, 1, "stream expired");

        assertThat(checks).extracting(Check::afterSeq).containsExactly(40L);
    }

    @Test
    void whenHistoryHasEveryPendingSendTheNextNewSendStartsTheStream() {
        enqueue(2);
        window.onRejected(last(1).requestId(), "m1", RejectReason.STREAM_EXPIRED, 1, "stream expired");
        window.onAccepted("m1", 1, 21);
        window.onAccepted("m2", 2, 22);
        checks.get(0).done().accept(true);
        enqueue(1);

        assertThat(wire.get(wire.size() - 1)).isEqualTo(new Transmission("r3", 3, "m3", true));
    }

    @Test
    void aSendFirstSentLongerAgoThanTheStreamTtlIsLookedForBeforeItGoesOutAgain() {
        enqueue(1);
        window.disconnected();
        time.advance(Duration.ofHours(23)); // the server cannot tell a resent clientSeq 1 from a new stream
        window.pump();

        assertThat(clientSeqsOnWire()).containsExactly(1L);
        assertThat(checks).hasSize(1);
        checks.get(0).done().accept(true); // not in history
        assertThat(wire.get(1)).isEqualTo(new Transmission("r2", 1, "m1", true));
        window.disconnected();
        window.pump();
        assertThat(checks).as("checked now: its age counts from the check").hasSize(1);
        assertThat(wire.get(2)).isEqualTo(new Transmission("r3", 1, "m1", true));
    }

    @Test
    void aCheckThatCouldNotReadTheLogIsTriedAgainAfterABackoff() {
        enqueue(2);
        window.onRejected(last(1).requestId(), "m1", RejectReason.STREAM_EXPIRED, 1, "stream expired");
        checks.get(0).done().accept(false); // the connection went, or history did not answer

        assertThat(clientSeqsOnWire()).containsExactly(1L, 2L);
        time.advanceMillis(250);
        assertThat(wire.subList(2, wire.size())).as("unflagged: the server refuses it again, and it checks again")
                .extracting(Transmission::clientSeq, Transmission::streamStart)
                .containsExactly(tuple(1L, false), tuple(2L, false));
        window.onRejected(last(1).requestId(), "m1", RejectReason.STREAM_EXPIRED, 1, "stream expired");
        assertThat(checks).hasSize(2);
        assertThat(futures).noneMatch(CompletableFuture::isDone);
    }
}
