package io.seqline.client.ordering;

import static io.seqline.client.ordering.Messages.seq;
import static io.seqline.client.ordering.Messages.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqline.proto.v1.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {

    private final ReorderBuffer buffer = new ReorderBuffer(0);

    @Test
    void messagesInOrderLeaveAtOnce() {
        assertThat(seqs(buffer.offer(seq(1)))).containsExactly(1L);
        assertThat(seqs(buffer.offer(seq(2)))).containsExactly(2L);
        assertThat(buffer.nextSeq()).isEqualTo(3);
        assertThat(buffer.hasGap()).isFalse();
    }

    @Test
    void anEarlyMessageWaitsForItsPredecessorsThenLeavesWithThem() {
        assertThat(buffer.offer(seq(3))).isEmpty();
        assertThat(buffer.offer(seq(2))).isEmpty();
        assertThat(buffer.hasGap()).isTrue();
        assertThat(buffer.gapEnd()).isEqualTo(1);

        assertThat(seqs(buffer.offer(seq(1)))).containsExactly(1L, 2L, 3L);
        assertThat(buffer.nextSeq()).isEqualTo(4);
        assertThat(buffer.hasGap()).isFalse();
        assertThat(buffer.bufferedCount()).isZero();
    }

    @Test
    void aMessageAlreadyShownOrAlreadyBufferedIsDroppedAsADuplicate() {
        buffer.offer(seq(1));
        buffer.offer(seq(3));

        assertThat(buffer.offer(seq(1))).isEmpty();
        assertThat(buffer.offer(seq(3))).isEmpty();
        assertThat(buffer.duplicates()).isEqualTo(2);
        assertThat(seqs(buffer.offer(seq(2)))).containsExactly(2L, 3L);
        assertThat(buffer.offer(seq(3))).isEmpty();
    }

    @Test
    void anyArrivalOrderShowsEachSeqOnceInOrder() {
        List<Message> shown = new ArrayList<>();
        for (long s : new long[] {5, 2, 2, 9, 1, 4, 3, 8, 6, 1, 7, 10, 5}) {
            shown.addAll(buffer.offer(seq(s)));
        }
        assertThat(seqs(shown)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void skippingThroughAHoleShowsTheBufferedMessagesUpToItAndTheirSuccessors() {
        buffer.offer(seq(1));
        buffer.offer(seq(4));
        buffer.offer(seq(6));
        buffer.offer(seq(7));

        // 2, 3 and 5 are holes up to throughSeq 6
        assertThat(seqs(buffer.skipThrough(6))).containsExactly(4L, 6L, 7L);
        assertThat(buffer.nextSeq()).isEqualTo(8);
        assertThat(buffer.hasGap()).isFalse();
    }

    @Test
    void skippingBehindNextSeqChangesNothing() {
        buffer.offer(seq(1));
        buffer.offer(seq(2));
        assertThat(buffer.skipThrough(1)).isEmpty();
        assertThat(buffer.nextSeq()).isEqualTo(3);
    }

    @Test
    void aSeqKnownToExistButNotArrivedIsAGap() {
        buffer.offer(seq(1));
        buffer.noteKnown(3);
        assertThat(buffer.hasGap()).isTrue();
        assertThat(buffer.gapEnd()).isEqualTo(3);
        buffer.offer(seq(2));
        buffer.offer(seq(3));
        assertThat(buffer.hasGap()).isFalse();
    }

    @Test
    void aBufferStartingLaterIgnoresEverythingBeforeItsStart() {
        ReorderBuffer later = new ReorderBuffer(100);
        assertThat(later.offer(seq(100))).isEmpty();
        assertThat(later.hasGap()).isFalse();
        assertThat(seqs(later.offer(seq(101)))).containsExactly(101L);
        assertThatThrownBy(() -> new ReorderBuffer(-1)).hasMessageContaining("afterSeq: -1");
    }
}
