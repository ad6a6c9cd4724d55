package io.seqline.bench;

import io.seqline.client.SeqlineClient;
import io.seqline.client.transport.JdkWebSocketTransport;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * One group of {@code members} online members (built with History CreateGroup/AddMembers and the admin
 * key); the owner sends through the SDK every {@code interval}; each message's fan-out time is from the
 * send until the last member has it.
 */
final class FanoutScenario {

    private FanoutScenario() {
    }

    static Result run(Target target, BenchOptions o) {
        int requested = o.integer("members", 10_000);
        // each member is a client socket here and a server socket in the gateway, both in this process
        long fdBudget = (ConnectionsScenario.openFileLimit() - ConnectionsScenario.openFiles() - 2000) / 2;
        int members = (int) Math.max(1, Math.min(requested, fdBudget));
        int messages = o.integer("messages", 20);
        Duration interval = o.duration("interval", Duration.ofMillis(500));
        String run = UUID.randomUUID().toString().substring(0, 6);
        String owner = "fo-owner-" + run;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            ids.add("fo" + i + "-" + run);
        }
        List<String> users = new ArrayList<>(ids);
        users.add(owner);
        long setup0 = System.nanoTime();
        target.prefetchTokens(users);
        String conversation = ChatFixture.createGroup(target, owner, "fanout-" + run, ids);

        Deliveries deliveries = new Deliveries();
        ConcurrentHashMap<Long, AtomicInteger> remaining = new ConcurrentHashMap<>();
        ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
        Histogram complete = new Histogram(Deliveries.HIGHEST, 3);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        JdkWebSocketTransport transport = new JdkWebSocketTransport(http, Duration.ofSeconds(30));
        List<LightReceiver> receivers = new ArrayList<>();
        Semaphore opening = new Semaphore(100);
        List<CompletableFuture<Void>> welcomes = new ArrayList<>();
        for (String id : ids) {
            LightReceiver receiver = new LightReceiver(conversation, deliveries.slot(0), n -> {
                AtomicInteger left = remaining.get(n);
                if (left != null && left.decrementAndGet() == 0) {
                    long micros = (System.nanoTime() - sentAt.get(n)) / 1000;
                    synchronized (complete) {
                        complete.recordValue(Math.min(micros, Deliveries.HIGHEST));
                    }
                }
            });
            receivers.add(receiver);
            opening.acquireUninterruptibly();
            receiver.open(transport, target.ws(), target.token(id), "fan").whenComplete((v, e) -> opening.release());
            welcomes.add(receiver.welcome);
        }
        CompletableFuture.allOf(welcomes.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.MINUTES).join();
        double setupSeconds = (System.nanoTime() - setup0) / 1e9;
        SeqlineClient sender = SeqlineClient.connect(target.ws(), target.token(owner), "fan-owner");
        try {
            sender.welcome().join();
            // warm-up: one message that every member must get (routes registered, members loaded)
            long n = 1;
            send(sender, conversation, n, members, deliveries, remaining, sentAt);
            boolean warm = deliveries.awaitAll(Duration.ofSeconds(20), Duration.ofSeconds(120));
            if (!warm) {
                throw new IllegalStateException("fan-out warm-up: " + deliveries.delivered.sum() + " of " + members);
            }
            deliveries.reset();
            synchronized (complete) {
                complete.reset();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                long due = t0 + i * interval.toNanos();
                Pacing.sleepUntil(due, 0);
                send(sender, conversation, ++n, members, deliveries, remaining, sentAt);
            }
            boolean all = deliveries.awaitAll(Duration.ofSeconds(15), Duration.ofSeconds(300));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Histogram completeCopy;
            synchronized (complete) {
                completeCopy = complete.copy();
            }
            Result r = Result.of("fanout", messages, deliveries, deliveries.delivered.sum() / seconds, deliveries.total());
            r.put("members", members).put("requestedMembers", requested)
                    .put("capReason", members < requested ? "RLIMIT_NOFILE " + ConnectionsScenario.openFileLimit()
                            + " (hard limit): every member is a client and a server socket in this one process" : "none").put("messages", messages).put("intervalMs", interval.toMillis())
                    .put("fanoutCompleteMs", Result.latencyMs(completeCopy)).put("complete", all)
                    .put("deliveriesPerSec", deliveries.delivered.sum() / seconds)
                    .put("setupSeconds", setupSeconds)
                    .put("receivers", "raw WebSockets with the SDK's transport and codec (no gap repair: a missed push counts as lost)");
            r.timeline = deliveries.timeline((int) Math.ceil(seconds));
            return r;
        } finally {
            sender.close();
            receivers.forEach(LightReceiver::close);
        }
    }

    private static void send(SeqlineClient sender, String conversation, long n, int members, Deliveries deliveries,
                             ConcurrentHashMap<Long, AtomicInteger> remaining, ConcurrentHashMap<Long, Long> sentAt) {
        long now = System.nanoTime();
        remaining.put(n, new AtomicInteger(members));
        sentAt.put(n, now);
        deliveries.expected.addAndGet(members);
        sender.sendText(conversation, Payload.text(0, n, now));
    }
}
