package io.seqline.drills;

import io.seqline.client.SeqlineClient;
import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.Message;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A steady stream of messages through SDK clients: {@code pairs} senders each send a numbered text to
 * their own direct conversation every {@code interval}; each receiver records what its SDK displays.
 */
final class SteadyTraffic implements AutoCloseable {

    /** One sender, its receiver, their conversation and what happened. */
    static final class Line {
        final String conversationId;
        final SeqlineClient sender;
        final SeqlineClient receiver;
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Long>> acks = new CopyOnWriteArrayList<>();
        final List<Message> displayed = new CopyOnWriteArrayList<>();

        Line(String conversationId, SeqlineClient sender, SeqlineClient receiver) {
            this.conversationId = conversationId;
            this.sender = sender;
            this.receiver = receiver;
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final Map<Line, Integer> counters = new ConcurrentHashMap<>();

    /**
     * @param endpoints which gateway each client connects to, by client index (senders even, receivers odd)
     * @param tokens    a token for a user name
     */
    SteadyTraffic(int pairs, IntFunction<URI> endpoints, java.util.function.Function<String, String> tokens) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < pairs; i++) {
            String alice = "s" + i + "-" + run;
            String bob = "r" + i + "-" + run;
            SeqlineClient sender = SeqlineClient.connect(endpoints.apply(2 * i), tokens.apply(alice), "dev-s" + i);
            SeqlineClient receiver = SeqlineClient.connect(endpoints.apply(2 * i + 1), tokens.apply(bob), "dev-r" + i);
            Line line = new Line(ConversationIds.direct(alice, bob), sender, receiver);
            receiver.listen(line.conversationId, line.displayed::add);
            lines.add(line);
        }
    }

    void start(Duration interval) {
        for (Line line : lines) {
            line.sender.welcome().join();
            line.receiver.welcome().join();
        }
        ticker.scheduleAtFixedRate(() -> {
            for (Line line : lines) {
                int n = counters.merge(line, 1, Integer::sum);
                String text = line.conversationId + "#" + n;
                line.sent.add(text);
                line.acks.add(line.sender.sendText(line.conversationId, text));
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops sending; the sends already made keep going until acknowledged. */
    void stopSending() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Line> lines() {
        return lines;
    }

    int sentCount() {
        return lines.stream().mapToInt(l -> l.sent.size()).sum();
    }

    @Override
    public void close() {
        stopSending();
        for (Line line : lines) {
            line.sender.close();
            line.receiver.close();
        }
    }
}
