package io.seqline.client.sending;

import io.seqline.client.connection.ReconnectBackoff;
import io.seqline.client.time.Scheduler;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.ServerFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The sends of this client's stream, one {@link SendWindow} per conversation (clientSeq is per
 * (stream, conversation)), and the routing of the server's answers to them.
 */
public final class SendStreams {

    /** The first wait after a {@code RATE_LIMITED}; it doubles with each one in a row, jittered. */
    static final Duration RATE_LIMIT_INITIAL = Duration.ofMillis(250);
    /** The longest wait after a {@code RATE_LIMITED}. */
    static final Duration RATE_LIMIT_MAX = Duration.ofSeconds(5);

    private final Map<String, SendWindow> windows = new LinkedHashMap<>();
    private final String deviceId;
    private final int windowSize;
    private final Clock clock;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final SendWindow.Transmitter transmitter;
    private final Consumer<String> seqsUnknown;
    private final Duration streamTtl;
    private final HistoryCheck history;
    private String userId;

    /**
     * @param seqsUnknown told the conversation whose accepted sends' seqs must come from history
     * @param streamTtl   see {@link SendWindow}: sends older than this are looked for in history before a resend
     * @param history     reads a conversation's log for this device's sends (after {@code STREAM_EXPIRED})
     */
    public SendStreams(String deviceId, int windowSize, Clock clock, Scheduler scheduler, RandomGenerator random,
                       SendWindow.Transmitter transmitter, Consumer<String> seqsUnknown, Duration streamTtl,
                       HistoryCheck history) {
        this.deviceId = deviceId;
        this.windowSize = windowSize;
        this.clock = clock;
        this.scheduler = scheduler;
        this.random = random;
        this.transmitter = transmitter;
        this.seqsUnknown = seqsUnknown;
        this.streamTtl = streamTtl;
        this.history = history;
    }

    /** Known once the server's {@code welcome} arrived; until then echoes are matched by device and id. */
    public void userId(String userId) {
        this.userId = userId;
    }

    /** @param historyFloor the last seq the conversation's line has shown (the send's seq will be above it) */
    public CompletableFuture<Long> send(String conversationId, Content content, long historyFloor) {
        return window(conversationId).enqueue(UUID.randomUUID().toString(), content, historyFloor);
    }

    /** Any message seen, live or from history: completes the send it echoes, if it is this device's. */
    public void onMessage(Message message) {
        if (!message.getSenderDevice().equals(deviceId) || (userId != null && !message.getSenderId().equals(userId))) {
            return;
        }
        SendWindow window = windows.get(message.getConversationId());
        if (window != null) {
            window.onAccepted(message.getClientMsgId(), message.getClientSeq(), message.getSeq());
        }
    }

    public void onSendAck(ServerFrame.SendAck ack) {
        SendWindow window = windows.get(ack.getConversationId());
        if (window != null) {
            window.onAccepted(ack.getClientMsgId(), ack.getClientSeq(), ack.getSeq());
        }
    }

    public void onRejected(String requestId, ServerFrame.Rejected rejected) {
        SendWindow window = windows.get(rejected.getConversationId());
        if (window != null) {
            window.onRejected(requestId, rejected.getClientMsgId(), rejected.getReason(),
                    rejected.getExpectedClientSeq(), rejected.getDetail());
        }
    }

    /**
     * An {@code error} frame; returns false when it does not answer a send.
     *
     * @param retryable the send may simply be sent again (e.g. {@code UNAVAILABLE})
     */
    public boolean onError(String requestId, RuntimeException error, boolean retryable) {
        for (SendWindow window : windows.values()) {
            if (window.transmittedAs(requestId)) {
                window.onError(requestId, error, retryable);
                return true;
            }
        }
        return false;
    }

    /** Sends what the windows allow (after a (re)connect). */
    public void pumpAll() {
        windows.values().forEach(SendWindow::pump);
    }

    public void disconnected() {
        windows.values().forEach(SendWindow::disconnected);
    }

    public void checkTimeouts(Duration ackTimeout) {
        windows.values().forEach(window -> window.checkTimeout(ackTimeout));
    }

    public void failAll(Throwable error) {
        windows.values().forEach(window -> window.failAll(error));
    }

    /** Sends not yet completed, over all conversations. */
    public int pendingCount() {
        return windows.values().stream().mapToInt(SendWindow::pendingCount).sum();
    }

    private SendWindow window(String conversationId) {
        return windows.computeIfAbsent(conversationId, id -> new SendWindow(id, 1, windowSize, clock, scheduler,
                new ReconnectBackoff(RATE_LIMIT_INITIAL, RATE_LIMIT_MAX, random), transmitter,
                () -> seqsUnknown.accept(id), streamTtl, history));
    }
}
