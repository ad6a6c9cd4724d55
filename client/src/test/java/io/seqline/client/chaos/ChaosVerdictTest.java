package io.seqline.client.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosVerdictTest {

    private static Message m(long seq, String sender, int index) {
        return Message.newBuilder().setConversationId("c").setSeq(seq).setSenderId(sender)
                .setContent(Content.newBuilder().setText(sender + " " + index)).build();
    }

    private final List<Message> log = List.of(m(1, "a", 1), m(2, "b", 1), m(3, "a", 2), m(4, "a", 3));

    private ChaosVerdict verdict(List<Message> shown) {
        return ChaosVerdict.of(Map.of("c", log), List.of(new ChaosVerdict.Display("x", "c", shown)));
    }

    @Test
    void aDisplayEqualToTheLogIsClean() {
        ChaosVerdict verdict = verdict(log);
        assertThat(verdict.clean()).isTrue();
        assertThat(verdict.line(9)).isEqualTo("chaos: messages=4 deliveries=4 lost=0 duplicates=0 orderViolations=0 seed=9");
    }

    @Test
    void aMissingMessageIsLost() {
        assertThat(verdict(List.of(log.get(0), log.get(1), log.get(3))).lost()).isEqualTo(1);
    }

    @Test
    void aMessageShownTwiceIsADuplicateAndOutOfOrder() {
        ChaosVerdict verdict = verdict(List.of(log.get(0), log.get(1), log.get(1), log.get(2), log.get(3)));
        assertThat(verdict.duplicates()).isEqualTo(1);
        assertThat(verdict.orderViolations()).isPositive();
    }

    @Test
    void swappedMessagesOfOneSenderBreakBothSeqAndSenderOrder() {
        assertThat(verdict(List.of(log.get(0), log.get(1), log.get(3), log.get(2))).orderViolations()).isEqualTo(2);
    }

    @Test
    void swappedMessagesOfTwoSendersBreakSeqOrder() {
        assertThat(verdict(List.of(log.get(0), log.get(2), log.get(1), log.get(3))).orderViolations()).isEqualTo(1);
    }

    @Test
    void aMessageNotInTheLogIsAPhantom() {
        ChaosVerdict verdict = verdict(List.of(log.get(0), log.get(1), log.get(2), log.get(3), m(5, "b", 2)));
        assertThat(verdict.phantoms()).isEqualTo(1);
        assertThat(verdict.clean()).isFalse();
    }
}
