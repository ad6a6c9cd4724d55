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
import org.junit.jupiter.api.Test;

/** A conversation's line as a whole: buffer, gap timer, and seqs that come late. */
class ConversationLineTest {

    record SyncCall(String requestId, long afterSeq) {
    }

    private final ManualScheduler time = new ManualScheduler();
    private final List<SyncCall> syncs = new ArrayList<>();
    private final List<Message> shown = new ArrayList<>();
    private final List<long[]> skipped = new ArrayList<>();
    private final List<Message> late = new ArrayList<>();
    private final ConversationLine line = new ConversationLine(Messages.CONVERSATION, 0, GapPolicy.DEFAULT, time,
            (conversation, afterSeq, limit) -> {
                SyncCall call = new SyncCall("r" + (syncs.size() + 1), afterSeq);
                syncs.add(call);
                return call.requestId();
            }, new LineListener() {
                @Override
                public void onMessage(Message message) {
                    shown.add(message);
                }

                @Override
                public void onSkipped(String conversationId, long fromSeq, long toSeq) {
                    skipped.add(new long[] {fromSeq, toSeq});
                }

                @Override
                public void onLate(Message message) {
                    late.add(message);
                }
            });

    private void arrive(long... seqs) {
        for (long s : seqs) {
            line.accept(seq(s));
        }
    }

    private SyncCall lastSync() {
        return syncs.get(syncs.size() - 1);
    }

    /** History has stored only up to seq 4 however often it is asked: the line gives up on 5 and moves on. */
    private void historyStaysAtFourUntilTheLineMovesOn() {
        arrive(1, 2, 3, 4, 6, 7);
        time.advanceMillis(300);
        while (skipped.isEmpty()) {
            SyncCall call = lastSync();
            line.onSyncResult(call.requestId(), call.afterSeq(), syncResult(4, 4));
            time.advance(Duration.ofMillis(2400));
        }
        assertThat(skipped).containsExactly(new long[] {5, 5});
        assertThat(seqs(shown)).containsExactly(1L, 2L, 3L, 4L, 6L, 7L);
    }

    @Test
    void aSkippedSeqThatArrivesLiveAfterwardsIsShownOnceAsLateAndItsRepeatIsDropped() {
        historyStaysAtFourUntilTheLineMovesOn();

        arrive(5);
        arrive(5);
        assertThat(seqs(late)).containsExactly(5L);
        assertThat(seqs(shown)).containsExactly(1L, 2L, 3L, 4L, 6L, 7L);
        assertThat(line.hasLate()).isFalse();
        time.advance(Duration.ofMinutes(5));
        assertThat(syncs).as("nothing left to ask for").hasSize(5);
    }

    @Test
    void theLineKeepsAskingForASkippedSeqUntilHistoryHasIt() {
        historyStaysAtFourUntilTheLineMovesOn();
        int syncsBefore = syncs.size();

        time.advance(Duration.ofMillis(4800)); // the gap timer's next backoff step
        assertThat(syncs).hasSize(syncsBefore + 1);
        assertThat(lastSync().afterSeq()).isEqualTo(4);
        line.onSyncResult(lastSync().requestId(), 4, syncResult(4, 4)); // still behind (PostgreSQL down)
        time.advance(Duration.ofMillis(9599));
        assertThat(syncs).as("the waits grow").hasSize(syncsBefore + 1);
        time.advance(Duration.ofMillis(1));
        assertThat(syncs).hasSize(syncsBefore + 2);

        line.onSyncResult(lastSync().requestId(), 4, syncResult(7, 7, 5, 6, 7)); // history caught up
        arrive(5, 6, 7); // and the live copies come again
        assertThat(seqs(late)).containsExactly(5L);
        assertThat(seqs(shown)).containsExactly(1L, 2L, 3L, 4L, 6L, 7L);
        time.advance(Duration.ofMinutes(5));
        assertThat(syncs).hasSize(syncsBefore + 2);
    }

    @Test
    void aSkippedSeqThatHistoryConfirmsAsAHoleIsNoLongerAwaited() {
        historyStaysAtFourUntilTheLineMovesOn();

        line.catchUp(); // a reconnect: asks for the late seq at once, besides the usual catch-up
        SyncCall lateSync = syncs.stream().filter(call -> call.afterSeq() == 4).reduce((a, b) -> b).orElseThrow();
        line.onSyncResult(lateSync.requestId(), 4, syncResult(7, 7, 6, 7)); // 5 was never issued
        assertThat(line.hasLate()).isFalse();
        arrive(5);
        assertThat(late).isEmpty();
        assertThat(seqs(shown)).containsExactly(1L, 2L, 3L, 4L, 6L, 7L);
    }

    @Test
    void aGiveUpOverManySeqsKeepsEachOfThemLateUntilItComes() {
        arrive(1);
        line.noteKnown(1000); // e.g. a sendAck far ahead, while history is down
        time.advanceMillis(300);
        while (skipped.isEmpty()) {
            SyncCall call = lastSync();
            line.onSyncResult(call.requestId(), call.afterSeq(), syncResult(1, 1));
            time.advance(Duration.ofMillis(2400));
        }
        assertThat(skipped).containsExactly(new long[] {2, 1000});

        arrive(500, 2, 1000, 500);
        assertThat(seqs(late)).containsExactly(500L, 2L, 1000L);
        line.onSyncResult("app-1", 0, syncResult(1000, 1000, 1, 2, 3, 500, 1000));
        assertThat(seqs(late)).containsExactly(500L, 2L, 1000L, 3L);
        assertThat(line.hasLate()).as("the rest are confirmed holes").isFalse();
    }
}
