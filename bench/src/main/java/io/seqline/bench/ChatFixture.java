package io.seqline.bench;

import io.seqline.client.ClientOptions;
import io.seqline.client.SeqlineClient;
import io.seqline.client.transport.Transport;
import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.ChangeMembersRequest;
import io.seqline.proto.v1.CreateGroupRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Conversations driven by SDK clients: {@code pairs} direct chats (one sender, one receiver) and
 * {@code groups} groups of {@code groupSize} (the owner sends, the others receive). Every user is in one
 * conversation only, so each receiver slot is touched by one client thread.
 */
final class ChatFixture implements AutoCloseable {

    /** One conversation: its sender and the slots of its receivers. */
    static final class Line {
        final int index;
        final String conversationId;
        final SeqlineClient sender;
        final int receivers;
        long n;

        Line(int index, String conversationId, SeqlineClient sender, int receivers) {
            this.index = index;
            this.conversationId = conversationId;
            this.sender = sender;
            this.receivers = receivers;
        }
    }

    final Deliveries deliveries = new Deliveries();
    final List<Line> lines = new ArrayList<>();
    final List<SeqlineClient> clients = new ArrayList<>();
    final LongAdder sendFailures = new LongAdder();
    final AtomicLong sent = new AtomicLong();
    private int cursor;

    static ChatFixture open(Target target, int pairs, int groups, int groupSize, int window, Transport senderTransport) {
        ChatFixture f = new ChatFixture();
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            users.add("a" + i + "-" + run);
            users.add("b" + i + "-" + run);
        }
        for (int g = 0; g < groups; g++) {
            for (int m = 0; m < groupSize; m++) {
                users.add("g" + g + "m" + m + "-" + run);
            }
        }
        target.prefetchTokens(users);
        for (int i = 0; i < pairs; i++) {
            String a = "a" + i + "-" + run;
            String b = "b" + i + "-" + run;
            String conversation = ConversationIds.direct(a, b);
            SeqlineClient sender = f.client(target, a, window, senderTransport);
            Line line = new Line(f.lines.size(), conversation, sender, 1);
            f.receiver(target, b, line);
            f.lines.add(line);
        }
        for (int g = 0; g < groups; g++) {
            String owner = "g" + g + "m0-" + run;
            List<String> members = new ArrayList<>();
            for (int m = 1; m < groupSize; m++) {
                members.add("g" + g + "m" + m + "-" + run);
            }
            String conversation = createGroup(target, owner, "bench-" + g, members);
            SeqlineClient sender = f.client(target, owner, window, senderTransport);
            Line line = new Line(f.lines.size(), conversation, sender, members.size());
            for (String member : members) {
                f.receiver(target, member, line);
            }
            f.lines.add(line);
        }
        for (SeqlineClient c : f.clients) {
            c.welcome().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
        }
        return f;
    }

    /** Creates a group through History gRPC with the admin key, adding members in chunks. */
    static String createGroup(Target target, String owner, String name, List<String> members) {
        int first = Math.min(members.size(), 500);
        String conversation = target.history().createGroup(CreateGroupRequest.newBuilder().setOwnerId(owner)
                .setName(name).addAllMemberIds(members.subList(0, first)).build()).getConversationId();
        for (int from = first; from < members.size(); from += 500) {
            target.history().addMembers(ChangeMembersRequest.newBuilder().setConversationId(conversation)
                    .addAllUserIds(members.subList(from, Math.min(members.size(), from + 500))).build());
        }
        return conversation;
    }

    private SeqlineClient client(Target target, String user, int window, Transport transport) {
        ClientOptions.Builder options = ClientOptions.builder(target.ws(user), target.token(user), "bench")
                .sendWindow(window).ackTimeout(Duration.ofSeconds(30));
        if (transport != null) {
            options.transport(transport);
        }
        SeqlineClient client = SeqlineClient.connect(options.build());
        clients.add(client);
        return client;
    }

    private void receiver(Target target, String user, Line line) {
        SeqlineClient client = client(target, user, 32, null);
        Deliveries.Slot slot = deliveries.slot(line.index);
        client.listen(line.conversationId, new io.seqline.client.ConversationListener() {
            @Override
            public void onMessage(io.seqline.proto.v1.Message message) {
                slot.onMessage(message);
            }

            @Override
            public void onSkipped(String conversationId, long fromSeq, long toSeq) {
                deliveries.skipped.add(toSeq - fromSeq + 1);
            }
        });
    }

    /** Sends the next numbered message of the next line (round-robin). Call from one thread. */
    CompletableFuture<Long> sendNext() {
        Line line = lines.get(cursor);
        cursor = (cursor + 1) % lines.size();
        return send(line);
    }

    CompletableFuture<Long> send(Line line) {
        long n = ++line.n;
        deliveries.expected.addAndGet(line.receivers);
        sent.incrementAndGet();
        CompletableFuture<Long> ack = line.sender.sendText(line.conversationId,
                Payload.text(line.index, n, System.nanoTime()));
        ack.whenComplete((seq, e) -> {
            if (e != null) {
                sendFailures.increment();
            }
        });
        return ack;
    }

    /** One message per line, all delivered, then the counters start from zero. */
    void warmUp() {
        warmUp(0, Duration.ZERO);
    }

    /**
     * One message per line, then {@code loaded} of load at {@code rate} so that the JIT has compiled the hot
     * paths of the system and of the clients before anything is measured (a cold JVM spends a core on C2
     * for its first minute here); everything delivered, then the counters start from zero.
     */
    void warmUp(double rate, Duration loaded) {
        for (Line line : lines) {
            send(line);
        }
        if (rate > 0 && !loaded.isZero()) {
            drive(rate, loaded);
        }
        if (!deliveries.awaitAll(Duration.ofSeconds(20), Duration.ofSeconds(180))) {
            throw new IllegalStateException("warm-up: " + deliveries.delivered.sum() + " of "
                    + deliveries.expected.get() + " deliveries arrived");
        }
        deliveries.reset();
        sent.set(0);
        sendFailures.reset();
    }

    /**
     * Offers {@code rate} messages per second for {@code duration} (open loop: the schedule does not wait
     * for acks), spread round-robin over the lines.
     */
    long drive(double rate, Duration duration) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long issued = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (long) (rate * (now - start) / 1e9) - issued;
            for (long i = 0; i < due; i++) {
                sendNext();
            }
            issued += Math.max(0, due);
            // sleep until the next send is due (1 ms ticks at most): a spinning driver would take a core
            // from the system it measures
            long next = start + (long) ((issued + 1) * 1e9 / rate);
            Pacing.sleepUntil(Math.min(next, end), 1_000_000);
        }
        return issued;
    }

    int clientCount() {
        return clients.size();
    }

    @Override
    public void close() {
        clients.parallelStream().forEach(SeqlineClient::close);
    }
}
