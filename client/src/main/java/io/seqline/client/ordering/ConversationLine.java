package io.seqline.client.ordering;

import io.seqline.client.time.Scheduler;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.ServerFrame;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation as the client shows it: a {@link ReorderBuffer} that releases messages in seq order,
 * a {@link GapTimer} that pulls what is missing, and a {@link LateFill} that keeps asking for the seqs
 * the gap timer gave up on, which are shown when they come ({@link LineListener#onLate}). Runs on the
 * client's event-loop thread only.
 */
public final class ConversationLine {

    private static final Logger log = LoggerFactory.getLogger(ConversationLine.class);

    private final String conversationId;
    private final ReorderBuffer buffer;
    private final GapTimer gaps;
    private final LateFill late;
    private final LineListener listener;

    public ConversationLine(String conversationId, long afterSeq, GapPolicy policy, Scheduler scheduler,
                            SyncIssuer issuer, LineListener listener) {
        this.conversationId = conversationId;
        this.listener = listener;
        this.buffer = new ReorderBuffer(afterSeq);
        this.late = new LateFill(conversationId, buffer, policy, scheduler, issuer);
        this.gaps = new GapTimer(conversationId, buffer, policy, scheduler, issuer, this::show, new LineListener() {
            @Override
            public void onMessage(Message message) {
                show(List.of(message));
            }

            @Override
            public void onLate(Message message) {
                showLate(message);
            }

            @Override
            public void onSkipped(String conversation, long fromSeq, long toSeq) {
                try {
                    listener.onSkipped(conversation, fromSeq, toSeq);
                } catch (RuntimeException e) {
                    log.warn("listener of {} failed on skipped seqs {}..{}", conversationId, fromSeq, toSeq, e);
                }
                late.changed();
            }
        });
    }

    public String conversationId() {
        return conversationId;
    }

    /** A message that arrived live (possibly late, early or twice). */
    public void accept(Message message) {
        if (buffer.takeLate(message.getSeq())) {
            showLate(message);
            return;
        }
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
        late.onSyncResult(requestId, afterSeq, result);
    }

    /** After a (re)connect: sync from {@code nextSeq} whether or not a gap is known, and for late seqs. */
    public void catchUp() {
        gaps.catchUp();
        late.catchUp();
    }

    public void disconnected() {
        gaps.disconnected();
        late.disconnected();
    }

    /** The seq the listener sees next. */
    public long nextSeq() {
        return buffer.nextSeq();
    }

    public boolean hasGap() {
        return buffer.hasGap();
    }

    /** True while seqs the line moved past may still arrive (see {@link ReorderBuffer#moveOnThrough}). */
    public boolean hasLate() {
        return buffer.hasLate();
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

    private void showLate(Message message) {
        try {
            listener.onLate(message);
        } catch (RuntimeException e) {
            log.warn("listener of {} failed on late seq {}", conversationId, message.getSeq(), e);
        }
        late.changed();
    }
}
