package io.seqline.client.engine;

import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ConversationSummary;
import io.seqline.proto.v1.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code listConversations}, page after page, into one list. */
final class ListingFetch implements ReplyHandler {

    static final int PAGE = 500;

    private final RequestSender sender;
    private final CompletableFuture<List<ConversationSummary>> result;
    private final List<ConversationSummary> items = new ArrayList<>();

    private ListingFetch(RequestSender sender, CompletableFuture<List<ConversationSummary>> result) {
        this.sender = sender;
        this.result = result;
    }

    /** Starts fetching; the future fails with the server's error (e.g. {@code UNSUPPORTED}). */
    static CompletableFuture<List<ConversationSummary>> start(RequestSender sender) {
        CompletableFuture<List<ConversationSummary>> result = new CompletableFuture<>();
        new ListingFetch(sender, result).request("");
        return result;
    }

    private void request(String pageToken) {
        boolean sent = sender.request(ClientFrame.newBuilder().setListConversations(
                ClientFrame.ListConversations.newBuilder().setLimit(PAGE).setPageToken(pageToken)), this);
        if (!sent) {
            result.completeExceptionally(new io.seqline.client.ConnectionLostException("not connected"));
        }
    }

    @Override
    public void onReply(ServerFrame frame) {
        if (!frame.hasConversations()) {
            result.completeExceptionally(new IllegalStateException("expected conversations, got " + frame.getKindCase()));
            return;
        }
        items.addAll(frame.getConversations().getItemsList());
        String next = frame.getConversations().getNextPageToken();
        if (next.isEmpty()) {
            result.complete(List.copyOf(items));
        } else {
            request(next);
        }
    }

    @Override
    public void onFailure(RuntimeException error) {
        result.completeExceptionally(error);
    }
}
