package io.seqline.client.sending;

import io.seqline.client.SendRejectedException;
import io.seqline.client.connection.ReconnectBackoff;
import io.seqline.client.time.Scheduler;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The sends of one (stream, conversation): pipelined, in order, go-back-N (see docs/architecture.md#send-streams).
 *
 * <p>Each send gets the next clientSeq (from 1). Up to {@code size} sends past the last one the server
 * is known to have accepted are on the wire at once. The server accepts a stream strictly in order, so
 * the echo or {@code sendAck} of clientSeq k also means every send before k was accepted; those whose
 * own echo was lost keep waiting for their seq, which the conversation's gap fill brings. A
 * {@code rejected OUT_OF_ORDER} with {@code expectedClientSeq = e} sends everything from e again, and
 * answers to transmissions made before that (told apart by request id) are ignored. A send the server
 * refuses for good (not a member, too large, invalid, recall denied) fails; the sends after it move down
 * one clientSeq, since the server never took it. {@code RATE_LIMITED} is not final: the send keeps its
 * clientSeq, and after a backoff it and every later send not known accepted go out again, in order, with
 * the same clientSeqs (the gateway dropped it, but the sequencer may have accepted that clientSeq before,
 * so it must never carry other content). After a reconnect, or when the oldest send waits past the ack
 * timeout, everything not known accepted is sent again, in order, on the same stream.
 *
 * <p>A stream whose state the server lost (idle past its TTL) refuses a send above clientSeq 1 with
 * {@code STREAM_EXPIRED}: it may be the resend of one sequenced before. The window then stops, reads the
 * conversation's log from below the lowest seq its pending sends could have ({@link HistoryCheck}); the
 * sends found there complete as if echoed. The rest go out again with their own clientSeqs, the first
 * flagged {@code streamStart} so that the stream starts there (a clientSeq never carries other content).
 * Before it sends again a send first sent longer than the stream TTL ago, it checks the same way without
 * waiting for the refusal: the server cannot tell a resent clientSeq 1 from a new stream's first send.
 */
public final class SendWindow {

    /** Puts a send on the wire. */
    public interface Transmitter {
        /** @return the request id of the frame, or null when there is no connection */
        String transmit(ClientFrame.Send send);
    }

    private final String conversationId;
    private final int size;
    private final Clock clock;
    private final Transmitter transmitter;
    private final Runnable seqsUnknown;
    private final Scheduler scheduler;
    private final ReconnectBackoff rateLimitBackoff;
    private final Duration streamTtl;
    private final HistoryCheck history;
    private final TreeMap<Long, PendingSend> pending = new TreeMap<>();
    private final Map<String, PendingSend> byMsgId = new HashMap<>();
    private long nextClientSeq;
    private long acceptedThrough;
    private long nextToTransmit;
    /** Set while the window waits out a {@code RATE_LIMITED}: nothing is transmitted until it runs. */
    private Scheduler.Task resume;
    /** Set while the log is read for the pending sends: nothing is transmitted until it is done. */
    private boolean checking;
    /** The clientSeq that goes out flagged {@code streamStart}, 0 when none. */
    private long startClientSeq;

    /**
     * @param seqsUnknown called when the server tells that sends were accepted without telling their seqs
     *                    (the conversation should sync to learn them)
     * @param rateLimitBackoff how long to wait after each {@code RATE_LIMITED} in a row, on {@code scheduler}
     * @param streamTtl   a send first sent longer ago than this is looked for in history before it is sent again
     *                    (a little under the server's stream state TTL)
     */
    public SendWindow(String conversationId, long firstClientSeq, int size, Clock clock, Scheduler scheduler,
                      ReconnectBackoff rateLimitBackoff, Transmitter transmitter, Runnable seqsUnknown,
                      Duration streamTtl, HistoryCheck history) {
        if (size < 1) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 1)");
        }
        this.conversationId = conversationId;
        this.size = size;
        this.clock = clock;
        this.transmitter = transmitter;
        this.seqsUnknown = seqsUnknown;
        this.scheduler = scheduler;
        this.rateLimitBackoff = rateLimitBackoff;
        this.streamTtl = streamTtl;
        this.history = history;
        this.nextClientSeq = firstClientSeq;
        this.acceptedThrough = firstClientSeq - 1;
        this.nextToTransmit = firstClientSeq;
    }

    /** Queues a send into a conversation whose line has shown nothing yet; the future completes with its seq. */
    public CompletableFuture<Long> enqueue(String clientMsgId, Content content) {
        return enqueue(clientMsgId, content, 0);
    }

    /**
     * Queues a send; the future completes with its seq.
     *
     * @param historyFloor the last seq the conversation's line has shown: the send's seq will be above it
     */
    public CompletableFuture<Long> enqueue(String clientMsgId, Content content, long historyFloor) {
        PendingSend send = new PendingSend(nextClientSeq++, clientMsgId, content, historyFloor);
        pending.put(send.clientSeq(), send);
        byMsgId.put(clientMsgId, send);
        pump();
        return send.future();
    }

    /** Transmits queued sends while the window has room and there is a connection. */
    public void pump() {
        if (resume != null || checking) {
            return;
        }
        Map.Entry<Long, PendingSend> entry;
        while ((entry = pending.ceilingEntry(Math.max(nextToTransmit, acceptedThrough + 1))) != null) {
            PendingSend send = entry.getValue();
            if (send.clientSeq() > acceptedThrough + size) {
                return;
            }
            if (sentLongAgo(send)) {
                checkHistory();
                return;
            }
            String requestId = transmitter.transmit(send.frame(conversationId, send.clientSeq() == startClientSeq));
            if (requestId == null) {
                return;
            }
            send.transmitted(requestId, clock.millis());
            nextToTransmit = send.clientSeq() + 1;
        }
    }

    /** An echo or {@code sendAck}; returns false when no pending send has this clientMsgId. */
    public boolean onAccepted(String clientMsgId, long clientSeq, long seq) {
        PendingSend send = byMsgId.get(clientMsgId);
        if (send == null) {
            return false;
        }
        remove(send);
        if (send.clientSeq() == clientSeq) {
            acceptThrough(clientSeq);
        }
        rateLimitBackoff.reset();
        send.future().complete(seq);
        pump();
        return true;
    }

    /** A {@code rejected} frame for this conversation. */
    public void onRejected(String requestId, String clientMsgId, RejectReason reason, long expectedClientSeq,
                           String detail) {
        PendingSend send = byMsgId.get(clientMsgId);
        if (send == null || send.clientSeq() <= acceptedThrough || isStale(send, requestId)) {
            return;
        }
        if (reason == RejectReason.RATE_LIMITED) {
            // the gateway dropped it; it may still be a resend the sequencer accepted: keep its clientSeq
            resendFrom(send.clientSeq());
            waitOutRateLimit();
            return;
        }
        if (reason == RejectReason.STREAM_EXPIRED) {
            checkHistory();
            return;
        }
        if (reason != RejectReason.OUT_OF_ORDER) {
            refuse(send, new SendRejectedException(conversationId, reason, detail));
        } else if (expectedClientSeq > send.clientSeq()) {
            acceptThrough(expectedClientSeq - 1); // it was accepted long ago; its seq must come from history
            seqsUnknown.run();
        } else {
            goBackTo(expectedClientSeq);
        }
        pump();
    }

    /** True when a send of this window is on the wire as {@code requestId}. */
    public boolean transmittedAs(String requestId) {
        return find(requestId) != null;
    }

    /** An {@code error} frame answering the send {@code requestId}: resend from it, or fail it for good. */
    public void onError(String requestId, RuntimeException error, boolean retryable) {
        PendingSend send = find(requestId);
        if (send == null || send.clientSeq() <= acceptedThrough) {
            return;
        }
        if (retryable) {
            resendFromOldest();
        } else {
            refuse(send, error);
        }
        pump();
    }

    /** The connection is gone: everything not known accepted goes out again after the reconnect. */
    public void disconnected() {
        pending.tailMap(acceptedThrough, false).values().forEach(PendingSend::invalidate);
        nextToTransmit = acceptedThrough + 1;
    }

    /** Go-back-N when the oldest send waits for an answer longer than {@code ackTimeout}. */
    public void checkTimeout(Duration ackTimeout) {
        Map.Entry<Long, PendingSend> oldest = pending.ceilingEntry(acceptedThrough + 1);
        if (oldest != null && oldest.getValue().requestId() != null
                && clock.millis() - oldest.getValue().sentAtMillis() >= ackTimeout.toMillis()) {
            resendFromOldest();
            pump();
        }
    }

    /** Fails every pending send (the client is closed). */
    public void failAll(Throwable error) {
        if (resume != null) {
            resume.cancel();
            resume = null;
        }
        List<PendingSend> all = new ArrayList<>(pending.values());
        pending.clear();
        byMsgId.clear();
        all.forEach(send -> send.future().completeExceptionally(error));
    }

    public int pendingCount() {
        return pending.size();
    }

    /** Sends on the wire without an answer. */
    public int inFlight() {
        return (int) pending.tailMap(acceptedThrough, false).values().stream().filter(s -> s.requestId() != null).count();
    }

    public long nextClientSeq() {
        return nextClientSeq;
    }

    /** True while the window reads the log for its pending sends (after {@code STREAM_EXPIRED}). */
    public boolean checkingHistory() {
        return checking;
    }

    private boolean sentLongAgo(PendingSend send) {
        return send.firstSentAtMillis() >= 0 && clock.millis() - send.firstSentAtMillis() >= streamTtl.toMillis();
    }

    /** Stops sending and reads the log from below the lowest seq a pending send could have. */
    private void checkHistory() {
        Map<Long, PendingSend> unaccepted = pending.tailMap(acceptedThrough, false);
        unaccepted.values().forEach(PendingSend::invalidate);
        nextToTransmit = acceptedThrough + 1;
        long afterSeq = unaccepted.values().stream().mapToLong(PendingSend::historyFloor).min().orElse(-1);
        if (afterSeq < 0) {
            startClientSeq = nextClientSeq; // nothing pending: the next send starts the stream
            return;
        }
        checking = true;
        if (!history.check(conversationId, Math.max(0, afterSeq), this::historyChecked)) {
            checking = false; // not connected: the resend after the reconnect is refused again, or checks first
        }
    }

    private void historyChecked(boolean complete) {
        checking = false;
        if (complete) {
            // what history has was completed on the way; the rest was never sequenced and starts the stream
            Map<Long, PendingSend> unaccepted = pending.tailMap(acceptedThrough, false);
            unaccepted.values().forEach(PendingSend::checked);
            startClientSeq = unaccepted.isEmpty() ? nextClientSeq : unaccepted.keySet().iterator().next();
            pump();
        } else {
            waitOutRateLimit(); // history did not answer (or the connection went): try again after a backoff
        }
    }

    private boolean isStale(PendingSend send, String requestId) {
        return !requestId.isEmpty() && !requestId.equals(send.requestId());
    }

    private void acceptThrough(long clientSeq) {
        acceptedThrough = Math.max(acceptedThrough, clientSeq);
        if (startClientSeq <= acceptedThrough) {
            startClientSeq = 0; // the stream has state again
        }
        nextToTransmit = Math.max(nextToTransmit, acceptedThrough + 1);
    }

    private void goBackTo(long expectedClientSeq) {
        startClientSeq = 0; // the stream has state on the server
        Map.Entry<Long, PendingSend> first = pending.ceilingEntry(acceptedThrough + 1);
        if (first == null) {
            return;
        }
        long from = expectedClientSeq;
        if (from > first.getKey()) {
            acceptThrough(from - 1); // accepted, but their echoes were lost
            seqsUnknown.run();
        } else if (from < first.getKey()) {
            // the server expects a clientSeq this client has no send for (its stream state went back):
            // renumber the unaccepted sends so that they start there
            renumber(first.getKey(), from);
            acceptedThrough = Math.min(acceptedThrough, from - 1);
        }
        resendFrom(from);
    }

    private void resendFromOldest() {
        Map.Entry<Long, PendingSend> oldest = pending.ceilingEntry(acceptedThrough + 1);
        if (oldest != null) {
            resendFrom(oldest.getKey());
        }
    }

    /** Everything from {@code clientSeq} goes out again; answers to its earlier transmissions stop counting. */
    private void resendFrom(long clientSeq) {
        pending.tailMap(clientSeq, true).values().forEach(PendingSend::invalidate);
        nextToTransmit = clientSeq;
    }

    private void waitOutRateLimit() {
        if (resume == null) {
            resume = scheduler.schedule(rateLimitBackoff.next(), () -> {
                resume = null;
                pump();
            });
        }
    }

    private void refuse(PendingSend send, RuntimeException error) {
        remove(send);
        renumber(send.clientSeq() + 1, send.clientSeq());
        nextToTransmit = Math.min(nextToTransmit, send.clientSeq());
        send.future().completeExceptionally(error);
    }

    /** Gives the sends from clientSeq {@code from} on consecutive clientSeqs starting at {@code start}. */
    private void renumber(long from, long start) {
        List<PendingSend> moved = new ArrayList<>(pending.tailMap(from, true).values());
        moved.forEach(send -> pending.remove(send.clientSeq()));
        long clientSeq = start;
        for (PendingSend send : moved) {
            send.renumber(clientSeq++);
            pending.put(send.clientSeq(), send);
        }
        nextClientSeq = clientSeq;
    }

    private void remove(PendingSend send) {
        pending.remove(send.clientSeq());
        byMsgId.remove(send.clientMsgId());
    }

    private PendingSend find(String requestId) {
        if (requestId == null || requestId.isEmpty()) {
            return null;
        }
        for (PendingSend send : pending.values()) {
            if (requestId.equals(send.requestId())) {
                return send;
            }
        }
        return null;
    }
}
