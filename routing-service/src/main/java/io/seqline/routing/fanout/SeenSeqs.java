package io.seqline.routing.fanout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seqline.proto.v1.Message;
import org.springframework.stereotype.Component;

/**
 * Per conversation, the highest seq this instance has routed. {@code im.messages} may repeat a
 * (conversation, seq) — the sequencer re-emits a batch it had not committed, identically — but the first
 * occurrences of a conversation's seqs come in seq order, so any seq at or below the mark is a repeat and is
 * not pushed again. A conversation that falls out of the cache (or a new owner of its partition) starts with
 * no mark; what it then pushes twice, clients drop by seq.
 */
@Component
class SeenSeqs {

    private final Cache<String, Long> highest;
    private final Counter repeats;

    SeenSeqs(MeterRegistry meters) {
        this.highest = Caffeine.newBuilder().maximumSize(1_000_000).build();
        this.repeats = Counter.builder("seqline.routing.repeats")
                .description("im.messages records dropped as repeats of a (conversation, seq) already routed")
                .register(meters);
    }

    /** Records the message's seq; false when it is at or below the highest seen for its conversation. */
    boolean firstTime(Message message) {
        boolean[] first = {false};
        highest.asMap().compute(message.getConversationId(), (conversation, seen) -> {
            if (seen != null && message.getSeq() <= seen) {
                return seen;
            }
            first[0] = true;
            return message.getSeq();
        });
        if (!first[0]) {
            repeats.increment();
        }
        return first[0];
    }
}
