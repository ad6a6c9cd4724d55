package io.seqline.routing.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqline.proto.v1.Message;
import org.junit.jupiter.api.Test;

/**
 * Routing pushes each (conversation, seq) once: a seq at or below the highest routed for its conversation is
 * a repeat (a sequencer re-read), dropped and counted; conversations keep their own marks.
 */
class SeenSeqsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SeenSeqs seen = new SeenSeqs(meters);

    private static Message at(String conversationId, long seq) {
        return Message.newBuilder().setConversationId(conversationId).setSeq(seq).build();
    }

    private double repeats() {
        return meters.get("seqline.routing.repeats").counter().count();
    }

    @Test
    void aSeqAtOrBelowTheHighestRoutedIsARepeat() {
        assertThat(seen.firstTime(at("p:alice:bob", 1))).isTrue();
        assertThat(seen.firstTime(at("p:alice:bob", 2))).isTrue();
        assertThat(seen.firstTime(at("p:alice:bob", 2))).isFalse();
        assertThat(seen.firstTime(at("p:alice:bob", 1))).isFalse();
        assertThat(repeats()).isEqualTo(2);
    }

    @Test
    void aHoleDoesNotHoldBackTheSeqsAfterIt() {
        assertThat(seen.firstTime(at("g:team", 3))).isTrue();
        assertThat(seen.firstTime(at("g:team", 7))).isTrue();
        assertThat(seen.firstTime(at("g:team", 5))).as("below the mark: a repeat").isFalse();
        assertThat(seen.firstTime(at("g:team", 8))).isTrue();
    }

    @Test
    void eachConversationHasItsOwnMark() {
        assertThat(seen.firstTime(at("g:team", 9))).isTrue();
        assertThat(seen.firstTime(at("g:other", 1))).isTrue();
        assertThat(seen.firstTime(at("p:alice:bob", 1))).isTrue();
        assertThat(repeats()).isZero();
    }
}
