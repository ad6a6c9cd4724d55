package io.seqline.sequence.sequencer;

import io.seqline.sequence.reservation.SeqReservations;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reserves a conversation's next seq block in the background (PostgreSQL first, then the Redis ceiling),
 * once per conversation at a time. Safe beside the sequencer: the ceiling script only ever raises it, and
 * only after PostgreSQL committed the reservation. A failure (PostgreSQL down) is retried by the next
 * request, or by the sequencer itself when the block runs out.
 */
@Component
public class ReservationPrefetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReservationPrefetcher.class);

    private final SequencerScript script;
    private final SeqReservations reservations;
    private final long step;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "seq-reservation-prefetch");
        thread.setDaemon(true);
        return thread;
    });

    public ReservationPrefetcher(SequencerScript script, SeqReservations reservations, SequencerProperties properties) {
        this.script = script;
        this.reservations = reservations;
        this.step = properties.reservationStep();
    }

    void request(String conversationId) {
        if (!pending.add(conversationId)) {
            return;
        }
        executor.execute(() -> {
            try {
                Map<String, Long> above = new HashMap<>();
                above.put(conversationId, null);
                long ceiling = reservations.reserve(above, step).get(conversationId);
                script.raiseCeiling(conversationId, ceiling - step, ceiling).join();
            } catch (RuntimeException e) {
                log.warn("reserving ahead for {} failed (retried when needed): {}", conversationId, e.toString());
            } finally {
                pending.remove(conversationId);
            }
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
