package io.seqline.history.groups;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seqline.history.store.OutboxRows;
import io.seqline.proto.v1.InboundEnvelope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox of membership events. A group change writes its event here in the same
 * transaction as the change to {@code members} ({@link #add}), so a committed change cannot lose its event;
 * right after the commit the group's pending events are published in order ({@link #flush}), and what a
 * failed publish leaves behind (Kafka down, a crash after the commit) is published by the relay
 * ({@link #relay}) on whichever history instance gets to it first.
 *
 * <p>Order: changes of one group and the publishing of its events hold the group's advisory lock
 * ({@link OutboxRows#lock}), so events leave in the order their changes committed. An event published twice
 * (a publish that succeeded but whose row could not be deleted) is its own one-send stream and is answered
 * as a duplicate by the sequencer, so it takes effect once.
 */
@Component
class MembershipOutbox {

    private static final Logger log = LoggerFactory.getLogger(MembershipOutbox.class);
    /** Events younger than this are left to the flush of the change that wrote them. */
    private static final long RELAY_AGE_MS = 2_000;

    private final OutboxRows rows;
    private final LogEvents events;
    private final TransactionTemplate tx;
    private final Clock clock;

    MembershipOutbox(OutboxRows rows, LogEvents events, TransactionTemplate tx, Clock clock) {
        this.rows = rows;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** Inside a group change's transaction: serializes it with the group's other changes and publishes. */
    void lock(String conversationId) {
        rows.lock(conversationId);
    }

    /** Inside a group change's transaction, after {@link #lock}: the change's event. */
    void add(InboundEnvelope event) {
        rows.add(event.getSend().getConversationId(), event.toByteArray(), clock.millis());
    }

    /**
     * After a change committed: publishes the group's pending events in order. A failure is logged and left
     * to the relay; the change itself stands.
     */
    void flush(String conversationId) {
        try {
            tx.executeWithoutResult(status -> {
                rows.lock(conversationId);
                publishPending(conversationId);
            });
        } catch (RuntimeException e) {
            log.warn("membership events of {} not published yet ({}); the outbox relay retries them", conversationId,
                    e.getMessage());
        }
    }

    /** Publishes what earlier flushes left behind, group by group, skipping groups another instance holds. */
    @Scheduled(fixedDelayString = "${seqline.history.outbox-relay-interval:2s}")
    void relay() {
        List<String> pending;
        try {
            pending = rows.groupsPendingSince(clock.millis() - RELAY_AGE_MS, 100);
        } catch (RuntimeException e) { // PostgreSQL unreachable: the next run tries again
            log.warn("outbox relay: cannot read the outbox ({})", e.getMessage());
            return;
        }
        for (String conversationId : pending) {
            try {
                tx.executeWithoutResult(status -> {
                    if (rows.tryLock(conversationId)) {
                        publishPending(conversationId);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("outbox relay: membership events of {} still not published ({})", conversationId, e.getMessage());
                return; // Kafka is most likely down: try again at the next run
            }
        }
    }

    private void publishPending(String conversationId) {
        List<Long> published = new ArrayList<>();
        for (OutboxRows.Row row : rows.pending(conversationId)) {
            events.publish(parse(row.envelope()));
            published.add(row.id());
        }
        rows.delete(published);
    }

    private static InboundEnvelope parse(byte[] envelope) {
        try {
            return InboundEnvelope.parseFrom(envelope);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an outbox row is not an InboundEnvelope", e);
        }
    }
}
