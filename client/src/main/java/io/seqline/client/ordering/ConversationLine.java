package io.seqline.client.ordering;

import io.seqline.client.time.Scheduler;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.ServerFrame;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation as the client shows it: a {@link ReorderBuffer} that releases messages in seq order
 * and a {@link GapTimer} that pulls what is missing. Runs on the client's event-loop thread only.
 */
public final class ConversationLine {

    private static final Logger log = LoggerFactory.getLogger(ConversationLine.class);

    private final String conversationId;
    private final ReorderBuffer buffer;
    private final GapTimer gaps;
    private final LineListener listener;

    public ConversationLine(String conversationId, long afterSeq, GapPolicy policy, Scheduler scheduler,
                            SyncIssuer issuer, LineListener listener) {
        this.conversationId = conversationId;
        this.listener = listener;
        this.buffer = new ReorderBuffer(afterSeq);
        this.gaps = new GapTimer(conversationId, buffer, policy, scheduler, issuer, this::show, listener);
    }

    public String conversationId() {
        return conversationId;
    }

    /** A message that arrived live (possibly late, early or twice). */
    public void accept(Message message) {
        show(buffer.offer(message));
        gaps.changed();
    }

    /** A seq known to exist, e.g. from a {@code sendAck} or a conversation listing. */
    public void noteKnown(long seq) {
        buffer.noteKnown(seq);
        gaps.changed();
    }

    /** A sync reply; {@code afterSeq} is that of the request, -1 when unknown. */
    public void onSyncResult(String requestId, long afterSeq, ServerFrame.SyncResult result) {
        gaps.onSyncResult(requestId, afterSeq, result);
    }

    /** After a (re)connect: sync from {@code nextSeq} whether or not a gap is known. */
    public void catchUp() {
        gaps.catchUp();
    }

    public void disconnected() {
        gaps.disconnected();
    }

    /** The seq the listener sees next. */
    public long nextSeq() {
        return buffer.nextSeq();
    }

    public boolean hasGap() {
        return buffer.hasGap();
    }

    private void show(List<Message> messages) {
        for (Message message : messages) {
            try {
                listener.onMessage(message);
            } catch (RuntimeException e) {
                log.warn("listener of {} failed on seq {}", conversationId, message.getSeq(), e);
            }
        }
    }
}
