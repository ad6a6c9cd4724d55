package io.seqline.client.ordering;

import static io.seqline.client.ordering.Messages.seq;
import static io.seqline.client.ordering.Messages.seqs;
import static io.seqline.client.ordering.Messages.syncResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.client.time.ManualScheduler;
import io.seqline.proto.v1.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GapTimerTest {

    record SyncCall(String requestId, long afterSeq, int limit) {
    }

    private final ManualScheduler time = new ManualScheduler();
    private final ReorderBuffer buffer = new ReorderBuffer(0);
    private final List<SyncCall> syncs = new ArrayList<>();
    private final List<Message> shown = new ArrayList<>();
    private final List<long[]> skipped = new ArrayList<>();
    private boolean online = true;
    private final GapTimer timer = new GapTimer(Messages.CONVERSATION, buffer, GapPolicy.DEFAULT, time,
            (conversation, afterSeq, limit) -> {
                if (!online) {
                    return null;
                }
                SyncCall call = new SyncCall("r" + (syncs.size() + 1), afterSeq, limit);
                syncs.add(call);
                return call.requestId();
            }, shown::addAll, new LineListener() {
                @Override
                public void onMessage(Message message) {
                }

                @Override
                public void onSkipped(String conversationId, long fromSeq, long toSeq) {
                    skipped.add(new long[] {fromSeq, toSeq});
                }
            });

    private void arrive(long... seqs) {
        for (long s : seqs) {
            shown.addAll(buffer.offer(seq(s)));
            timer.changed();
        }
    }

    private String lastRequest() {
        return syncs.get(syncs.size() - 1).requestId();
    }

    @Test
    void aGapThatClosesWithinTheDelayIsNeverSynced() {
        arrive(1, 3);
        time.advanceMillis(299);
        arrive(2);
        time.advance(Duration.ofSeconds(10));
        assertThat(syncs).isEmpty();
        assertThat(seqs(shown)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aGapStandingForTheDelaySyncsAfterTheLastShownSeq() {
        arrive(1, 3);
        time.advanceMillis(299);
        assertThat(syncs).isEmpty();
        time.advanceMillis(1);
        assertThat(syncs).containsExactly(new SyncCall("r1", 1, 100));
    }

    @Test
    void seqsUpToThroughSeqMissingFromTheReplyAreHolesAndAreSkipped() {
        arrive(1, 5);
        time.advanceMillis(300);
        timer.onSyncResult(lastRequest(), 1, syncResult(5, 5, 3, 5)); // 2 and 4 were never issued

        assertThat(seqs(shown)).containsExactly(1L, 3L, 5L);
        assertThat(buffer.nextSeq()).isEqualTo(6);
        time.advance(Duration.ofSeconds(30));
        assertThat(syncs).hasSize(1);
        assertThat(skipped).isEmpty();
    }

    @Test
    void whileHistoryLagsTheSyncIsRetriedWithBackoffThenAskedOnceMoreThenTheClientMovesOn() {
        arrive(1, 5);
        time.advanceMillis(300);
        for (long backoff : new long[] {600, 1200, 2400}) {
            timer.onSyncResult(lastRequest(), 1, syncResult(1, 1)); // history has stored only seq 1
            int before = syncs.size();
            time.advanceMillis(backoff - 1);
            assertThat(syncs).hasSize(before);
            time.advanceMillis(1);
            assertThat(syncs).hasSize(before + 1);
        }
        timer.onSyncResult(lastRequest(), 1, syncResult(1, 1));
        // the first try, 3 retries, then once more at once
        assertThat(syncs).hasSize(5);
        assertThat(timer.failures()).isEqualTo(4);
        assertThat(shown).extracting(Message::getSeq).containsExactly(1L);

        timer.onSyncResult(lastRequest(), 1, syncResult(1, 1));
        assertThat(skipped).containsExactly(new long[] {2, 4});
        assertThat(seqs(shown)).containsExactly(1L, 5L);
        time.advance(Duration.ofSeconds(30));
        assertThat(syncs).hasSize(5);
    }

    @Test
    void theRetryDelaysGrowByTheMultiplier() {
        arrive(1, 5);
        time.advanceMillis(300);
        timer.onSyncResult(lastRequest(), 1, syncResult(1, 1));
        time.advanceMillis(599);
        assertThat(syncs).hasSize(1);
        time.advanceMillis(1);
        assertThat(syncs).hasSize(2);
        timer.onSyncResult(lastRequest(), 1, syncResult(1, 1));
        time.advanceMillis(1199);
        assertThat(syncs).hasSize(2);
        time.advanceMillis(1);
        assertThat(syncs).hasSize(3);
    }

    @Test
    void historyCatchingUpDuringTheRetriesFillsTheGapWithoutSkippingAnything() {
        arrive(1, 5);
        time.advanceMillis(300);
        timer.onSyncResult(lastRequest(), 1, syncResult(1, 1));
        time.advanceMillis(600);
        timer.onSyncResult(lastRequest(), 1, syncResult(5, 5, 2, 3, 4, 5));

        assertThat(seqs(shown)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(timer.failures()).isZero();
        assertThat(skipped).isEmpty();
    }

    @Test
    void aMissingReplyCountsAsAFailedTryAndIsRetried() {
        arrive(1, 3);
        time.advanceMillis(300);
        time.advance(Duration.ofSeconds(2)); // reply timeout
        assertThat(timer.awaitingReply()).isFalse();
        assertThat(timer.failures()).isEqualTo(1);
        time.advanceMillis(600);
        assertThat(syncs).hasSize(2);
        assertThat(syncs.get(1).afterSeq()).isEqualTo(1);
    }

    @Test
    void aFullPageIsFollowedAtOnceByTheNextOne() {
        buffer.noteKnown(250);
        timer.changed();
        time.advanceMillis(300);
        long[] page = LongStream.rangeClosed(1, 100).toArray();
        timer.onSyncResult(lastRequest(), 0, syncResult(100, 250, page));

        assertThat(syncs).hasSize(2);
        assertThat(syncs.get(1).afterSeq()).isEqualTo(100);
        assertThat(shown).hasSize(100);
    }

    @Test
    void aReplyToAnotherRequestDeliversItsMessagesButNoHolesWhenItsRangeStartsPastNextSeq() {
        arrive(1);
        timer.onSyncResult("app-1", 5, syncResult(10, 10, 6, 7, 8, 9, 10));

        assertThat(seqs(shown)).containsExactly(1L);
        assertThat(buffer.nextSeq()).isEqualTo(2);
        assertThat(buffer.bufferedCount()).isEqualTo(5);
        time.advanceMillis(300);
        assertThat(syncs).containsExactly(new SyncCall("r1", 1, 100));
    }

    @Test
    void catchUpSyncsAtOnceWithoutAKnownGap() {
        arrive(1, 2);
        timer.catchUp();
        assertThat(syncs).containsExactly(new SyncCall("r1", 2, 100));
        timer.onSyncResult("r1", 2, syncResult(2, 2));
        time.advance(Duration.ofSeconds(30));
        assertThat(syncs).hasSize(1);
    }

    @Test
    void offlineTheTimerWaitsForTheReconnectsCatchUp() {
        online = false;
        arrive(1, 3);
        time.advance(Duration.ofSeconds(30));
        assertThat(syncs).isEmpty();
        assertThat(time.pending()).isZero();

        online = true;
        timer.disconnected();
        timer.catchUp();
        assertThat(syncs).containsExactly(new SyncCall("r1", 1, 100));
    }

    @Test
    void afterADisconnectTheAwaitedReplyOnlyDeliversItsData() {
        arrive(1, 3);
        time.advanceMillis(300);
        timer.disconnected();
        timer.onSyncResult("r1", 1, syncResult(3, 3, 2, 3));
        assertThat(seqs(shown)).containsExactly(1L, 2L, 3L);
        assertThat(time.pending()).isZero();
    }
}
