package io.seqline.client.engine;

import io.seqline.client.ServerErrorException;
import io.seqline.client.ordering.ConversationLine;
import io.seqline.client.ordering.ConversationLines;
import io.seqline.client.time.Scheduler;
import io.seqline.proto.v1.ConversationSummary;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * What every (re)connect does first (docs/architecture.md#receivers): anything may have been missed
 * while offline, so the client lists its conversations and syncs every one whose {@code maxSeq} is at
 * or past its own {@code nextSeq} (conversations it did not know yet included). A server that does not serve
 * {@code listConversations} (answers {@code UNSUPPORTED}), or a listing that does not come within the
 * listing timeout, makes it sync every conversation it knows instead. Once the server said
 * {@code UNSUPPORTED}, later reconnects sync the known conversations at once and still ask for the
 * listing, so that a server upgraded meanwhile is used as soon as it can be.
 */
final class CatchUp {

    private final ConversationLines lines;
    private final RequestSender sender;
    private final Scheduler scheduler;
    private final Duration listingTimeout;
    private boolean listingUnsupported;
    private int round;

    CatchUp(ConversationLines lines, RequestSender sender, Scheduler scheduler, Duration listingTimeout) {
        this.lines = lines;
        this.sender = sender;
        this.scheduler = scheduler;
        this.listingTimeout = listingTimeout;
    }

    void connected() {
        int current = ++round;
        boolean[] knownSynced = {false};
        if (listingUnsupported) {
            syncKnown();
            knownSynced[0] = true;
        }
        Scheduler.Task timeout = scheduler.schedule(listingTimeout, () -> {
            if (round == current && !knownSynced[0]) {
                knownSynced[0] = true;
                syncKnown();
            }
        });
        ListingFetch.start(sender).whenComplete((items, error) -> {
            if (round != current) {
                return;
            }
            timeout.cancel();
            if (error != null) {
                listingUnsupported |= isUnsupported(error);
                if (!knownSynced[0]) {
                    knownSynced[0] = true;
                    syncKnown();
                }
                return;
            }
            listingUnsupported = false;
            apply(items, knownSynced[0]);
            knownSynced[0] = true;
        });
    }

    void disconnected() {
        round++;
    }

    /** Whether the last answer to {@code listConversations} was {@code UNSUPPORTED}. */
    boolean listingUnsupported() {
        return listingUnsupported;
    }

    private void apply(List<ConversationSummary> items, boolean knownSynced) {
        Set<String> listed = new HashSet<>();
        for (ConversationSummary item : items) {
            listed.add(item.getConversationId());
            ConversationLine line = lines.line(item.getConversationId());
            if (item.getMaxSeq() >= line.nextSeq()) {
                line.noteKnown(item.getMaxSeq());
                line.catchUp();
            } else if (line.hasLate()) {
                line.catchUp(); // seqs it moved past may be in history now
            }
        }
        if (!knownSynced) {
            for (ConversationLine line : List.copyOf(lines.all())) {
                if (!listed.contains(line.conversationId())) {
                    line.catchUp(); // too new for the listing, or on a page not fetched
                }
            }
        }
    }

    private void syncKnown() {
        List.copyOf(lines.all()).forEach(ConversationLine::catchUp);
    }

    private static boolean isUnsupported(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof ServerErrorException server && server.code().equals("UNSUPPORTED");
    }
}
