package io.seqline.client.engine;

import io.seqline.proto.v1.ServerFrame;
import java.util.function.Consumer;

/**
 * Reads a conversation's log from a seq to its end, page after page, for
 * {@link io.seqline.client.sending.HistoryCheck}. The pages go the way of every sync reply
 * ({@link ServerFrameRouter}), so the device's own sends found in them complete there.
 */
final class HistoryScan implements ReplyHandler {

    static final int PAGE = 500;

    private final Wire wire;
    private final String conversationId;
    private final Consumer<Boolean> done;
    private long afterSeq;

    private HistoryScan(Wire wire, String conversationId, Consumer<Boolean> done) {
        this.wire = wire;
        this.conversationId = conversationId;
        this.done = done;
    }

    /** @return false when not connected (and {@code done} is never told) */
    static boolean start(Wire wire, String conversationId, long afterSeq, Consumer<Boolean> done) {
        return new HistoryScan(wire, conversationId, done).request(afterSeq);
    }

    private boolean request(long afterSeq) {
        this.afterSeq = afterSeq;
        return wire.sync(conversationId, afterSeq, PAGE, this) != null;
    }

    @Override
    public void onReply(ServerFrame frame) {
        ServerFrame.SyncResult page = frame.getSyncResult();
        if (page.getThroughSeq() >= page.getMaxSeq() || page.getThroughSeq() <= afterSeq) {
            done.accept(true);
        } else if (!request(page.getThroughSeq())) {
            done.accept(false);
        }
    }

    @Override
    public void onFailure(RuntimeException error) {
        done.accept(false);
    }
}
