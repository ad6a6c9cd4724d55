package io.seqline.client;

import io.seqline.client.engine.ClientEngine;
import io.seqline.client.time.ExecutorScheduler;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.ConversationSummary;
import io.seqline.proto.v1.ServerFrame;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Seqline client: one device of one user, connected to a gateway over WebSocket, that shows every
 * conversation in server seq order, sends in order with a pipelined window, and survives lost, late,
 * doubled and reordered frames, dropped connections and gateway switches.
 *
 * <pre>{@code
 * SeqlineClient client = SeqlineClient.connect(URI.create("ws://localhost:8080"), token, "laptop");
 * client.listen("p:alice:bob", message -> show(message));
 * long seq = client.send("p:alice:bob", Content.newBuilder().setText("hi").build()).join();
 * }</pre>
 *
 * <p>All methods may be called from any thread. Listeners and future callbacks run on the client's
 * event-loop thread: keep them short and never wait there for another future of this client.
 */
public final class SeqlineClient implements AutoCloseable {

    private final ClientOptions options;
    private final ScheduledExecutorService loop;
    private final ClientEngine engine;

    private SeqlineClient(ClientOptions options) {
        this.options = options;
        this.loop = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "seqline-client-" + options.deviceId());
            thread.setDaemon(true);
            return thread;
        });
        this.engine = new ClientEngine(options, loop, new ExecutorScheduler(loop));
    }

    /** Connects (in the background; sends wait for the connection) with a new send stream. */
    public static SeqlineClient connect(URI endpoint, String token, String deviceId) {
        return connect(ClientOptions.builder(endpoint, token, deviceId).build());
    }

    /** Connects with the given send stream (see {@link ClientOptions#streamId()}). */
    public static SeqlineClient connect(URI endpoint, String token, String deviceId, String streamId) {
        return connect(ClientOptions.builder(endpoint, token, deviceId).streamId(streamId).build());
    }

    public static SeqlineClient connect(ClientOptions options) {
        SeqlineClient client = new SeqlineClient(options);
        client.run(client.engine::start);
        return client;
    }

    /** Completes with the server's first {@code welcome} (the user id of the token among others). */
    public CompletableFuture<ServerFrame.Welcome> welcome() {
        return engine.firstWelcome();
    }

    /**
     * Sends {@code content} to a conversation. Sends to one conversation are accepted in call order.
     * The future completes with the message's seq, or fails with {@link SendRejectedException}
     * (carrying the {@link io.seqline.proto.v1.RejectReason}) or {@link ServerErrorException}.
     */
    public CompletableFuture<Long> send(String conversationId, Content content) {
        return call(() -> engine.send(conversationId, content));
    }

    public CompletableFuture<Long> sendText(String conversationId, String text) {
        return send(conversationId, Content.newBuilder().setText(text).build());
    }

    /** Shows {@code conversationId} to {@code listener} from its first message on. */
    public void listen(String conversationId, ConversationListener listener) {
        listen(conversationId, 0, listener);
    }

    /**
     * Shows {@code conversationId} to {@code listener} from seq {@code afterSeq + 1} on (the app already
     * has the rest). When the client already tracks the conversation, only the listener changes.
     */
    public void listen(String conversationId, long afterSeq, ConversationListener listener) {
        run(() -> engine.listen(conversationId, afterSeq, listener));
    }

    /** Gets every conversation that has no listener of its own (new ones included, from their seq 1). */
    public void listenToAll(ConversationListener listener) {
        run(() -> engine.listenToAll(listener));
    }

    /** One page of a conversation's log after {@code afterSeq} (limit 1..500, 0 = server default 100). */
    public CompletableFuture<ServerFrame.SyncResult> sync(String conversationId, long afterSeq, int limit) {
        return call(() -> engine.sync(conversationId, afterSeq, limit));
    }

    /** Every conversation of the user with its max and read seq (fails {@code UNSUPPORTED} on older servers). */
    public CompletableFuture<List<ConversationSummary>> listConversations() {
        return call(engine::listConversations);
    }

    public CompletableFuture<Void> markRead(String conversationId, long seq) {
        return call(() -> engine.markRead(conversationId, seq));
    }

    /** Creates a group owned by this user; completes with its conversation id. */
    public CompletableFuture<String> createGroup(String name, List<String> memberIds) {
        return call(() -> engine.createGroup(name, List.copyOf(memberIds)));
    }

    public String deviceId() {
        return options.deviceId();
    }

    public String streamId() {
        return options.streamId();
    }

    /** Whether a socket is open right now (the client reconnects by itself when it is not). */
    public boolean isConnected() {
        return engine.connected();
    }

    /** Sends not yet completed. */
    public CompletableFuture<Integer> pendingSends() {
        return call(() -> CompletableFuture.completedFuture(engine.pendingSends()));
    }

    /** Drops the current socket; the client reconnects and resends as after any network failure. */
    public void dropConnection() {
        run(engine::dropConnection);
    }

    /**
     * Closes the socket for good; sends still pending fail with {@link ConnectionLostException}. Call it
     * from an app thread, not from a listener.
     */
    @Override
    public void close() {
        run(engine::close);
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Runnable task) {
        try {
            loop.execute(() -> ExecutorScheduler.runLogged(task));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("client closed", e);
        }
    }

    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    action.get().whenComplete((value, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ConnectionLostException("client closed"));
        }
        return result;
    }
}
