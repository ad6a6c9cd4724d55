package io.seqline.client.engine;

import io.seqline.client.ClientOptions;
import io.seqline.client.ConnectionLostException;
import io.seqline.client.ConversationListener;
import io.seqline.client.connection.Heartbeat;
import io.seqline.client.ordering.ConversationLines;
import io.seqline.client.sending.SendStreams;
import io.seqline.client.time.Scheduler;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.ConversationSummary;
import io.seqline.proto.v1.ServerFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The client's state: its conversations ({@link ConversationLines}), its sends ({@link SendStreams}),
 * its waiting requests, and the {@link Connector} that keeps a socket open. Everything here runs on one
 * event-loop thread ({@code loop}), which keeps the ordering state free of locks: transport callbacks
 * and API calls are posted to it. After every (re)connect, {@link CatchUp} syncs what may have been
 * missed and the sends not known accepted go out again, in order, on the same stream.
 */
public final class ClientEngine {

    private final ClientOptions options;
    private final ConversationListeners listeners = new ConversationListeners();
    private final ConversationLines lines;
    private final SendStreams sends;
    private final PendingRequests requests;
    private final Wire wire;
    private final CatchUp catchUp;
    private final Heartbeat heartbeat;
    private final ServerFrameRouter router;
    private final Connector connector;
    private final CompletableFuture<ServerFrame.Welcome> firstWelcome = new CompletableFuture<>();
    private boolean closed;

    /** {@code loop} must run tasks one at a time in order; {@code scheduler} must run on it. */
    public ClientEngine(ClientOptions options, Executor loop, Scheduler scheduler) {
        this.options = options;
        this.requests = new PendingRequests(options.clock(), options.requestTimeout());
        this.heartbeat = new Heartbeat(options.clock(), options.heartbeatInterval(), options.deadAfter());
        this.wire = new Wire(requests, heartbeat);
        this.lines = new ConversationLines(options.gapPolicy(), scheduler, wire, listeners::lineListener);
        this.sends = new SendStreams(options.deviceId(), options.sendWindow(), options.clock(), scheduler,
                options.random(), this::transmit,
                conversationId -> lines.line(conversationId).catchUp(), options.streamTtl(),
                (conversationId, afterSeq, done) -> HistoryScan.start(wire, conversationId, afterSeq, done));
        this.catchUp = new CatchUp(lines, wire, scheduler, options.listingTimeout());
        this.router = new ServerFrameRouter(lines, sends, requests, listeners, this::welcome);
        this.connector = new Connector(options, loop, scheduler, wire, heartbeat, new Connector.Session() {
            @Override
            public void opened(int generation) {
                options.events().onConnected(generation);
                catchUp.connected();
                sends.pumpAll();
            }

            @Override
            public void frame(ServerFrame frame) {
                router.route(frame);
            }

            @Override
            public void lost(String reason) {
                sends.disconnected();
                lines.disconnected();
                catchUp.disconnected();
                requests.failAll(reason);
                options.events().onDisconnected(reason);
            }

            @Override
            public void tick() {
                requests.expire();
                sends.checkTimeouts(options.ackTimeout());
            }
        });
    }

    /** Connects, and keeps connecting. */
    public void start() {
        connector.start();
    }

    public CompletableFuture<ServerFrame.Welcome> firstWelcome() {
        return firstWelcome;
    }

    public CompletableFuture<Long> send(String conversationId, Content content) {
        if (closed) {
            return CompletableFuture.failedFuture(new ConnectionLostException("client closed"));
        }
        var line = lines.line(conversationId); // this device shows its own messages in order too
        return sends.send(conversationId, content, line.nextSeq() - 1);
    }

    public void listen(String conversationId, long afterSeq, ConversationListener listener) {
        listeners.set(conversationId, listener);
        boolean known = lines.knows(conversationId);
        var line = lines.line(conversationId, afterSeq);
        if (!known && wire.connection() != null) {
            line.catchUp();
        }
    }

    public void listenToAll(ConversationListener listener) {
        listeners.setAll(listener);
    }

    public CompletableFuture<ServerFrame.SyncResult> sync(String conversationId, long afterSeq, int limit) {
        CompletableFuture<ServerFrame.SyncResult> result = new CompletableFuture<>();
        if (wire.sync(conversationId, afterSeq, limit, Replies.of(result, ServerFrame::getSyncResult)) == null) {
            result.completeExceptionally(new ConnectionLostException("not connected"));
        }
        return result;
    }

    public CompletableFuture<List<ConversationSummary>> listConversations() {
        return ListingFetch.start(wire);
    }

    /** Completes on the server's answer; fails with {@code UNSUPPORTED} on a server without read cursors. */
    public CompletableFuture<Void> markRead(String conversationId, long seq) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        ask(ClientFrame.newBuilder().setMarkRead(ClientFrame.MarkRead.newBuilder()
                .setConversationId(conversationId).setSeq(seq)), result, frame -> null);
        return result;
    }

    public CompletableFuture<String> createGroup(String name, List<String> memberIds) {
        CompletableFuture<String> result = new CompletableFuture<>();
        ask(ClientFrame.newBuilder().setCreateGroup(ClientFrame.CreateGroup.newBuilder()
                .setName(name).addAllMemberIds(memberIds)), result, ClientEngine::groupCreated);
        return result;
    }

    /** Safe from any thread. */
    public boolean connected() {
        return connector.connected();
    }

    public int pendingSends() {
        return sends.pendingCount();
    }

    /** Drops the connection as if the network had (for tests and for apps that know the network changed). */
    public void dropConnection() {
        connector.drop();
    }

    public void close() {
        closed = true;
        connector.close();
        sends.failAll(new ConnectionLostException("client closed"));
        requests.failAll("client closed");
    }

    private static String groupCreated(ServerFrame frame) {
        if (!frame.hasGroupCreated()) {
            throw new IllegalStateException("expected groupCreated, got " + frame.getKindCase());
        }
        return frame.getGroupCreated().getConversationId();
    }

    private <T> void ask(ClientFrame.Builder frame, CompletableFuture<T> result,
                         Function<ServerFrame, T> answer) {
        if (!wire.request(frame, Replies.of(result, answer))) {
            result.completeExceptionally(new ConnectionLostException("not connected"));
        }
    }

    private String transmit(ClientFrame.Send send) {
        return wire.send(ClientFrame.newBuilder().setSend(send));
    }

    private void welcome(ServerFrame.Welcome welcome) {
        sends.userId(welcome.getUserId());
        options.events().onWelcome(welcome);
        firstWelcome.complete(welcome);
    }
}
