package io.seqline.bench;

import io.seqline.client.SeqlineClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One group of {@code members} online members (built with History CreateGroup/AddMembers and the admin
 * key); the owner sends through the SDK every {@code interval}; each message's fan-out time is from the
 * send until the last member has it. The members run in a child process ({@link FanoutMembers}), so this
 * process, which holds the gateway, needs one descriptor per member.
 */
final class FanoutScenario {

    private FanoutScenario() {
    }

    static List<String> memberIds(String run, int members) {
        List<String> ids = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            ids.add("fo" + i + "-" + run);
        }
        return ids;
    }

    static Result run(Target target, BenchOptions o) throws Exception {
        int requested = o.integer("members", 10_000);
        // each member is a server socket in the gateway here (its client socket is in the child process)
        long fdBudget = ConnectionsScenario.openFileLimit() - ConnectionsScenario.openFiles() - 2000;
        int members = (int) Math.max(1, Math.min(requested, fdBudget));
        int messages = o.integer("messages", 20);
        // one message a second: each message's own fan-out time, not a queue behind the previous one
        // (--interval 500ms offers 20,000 deliveries/s to 10,000 members, about what 2 cores carry)
        Duration interval = o.duration("interval", Duration.ofSeconds(1));
        String run = UUID.randomUUID().toString().substring(0, 6);
        String owner = "fo-owner-" + run;
        List<String> ids = memberIds(run, members);
        long setup0 = System.nanoTime();
        target.prefetchTokens(List.of(owner));
        String conversation = ChatFixture.createGroup(target, owner, "fanout-" + run, ids);

        ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
        Histogram complete = new Histogram(Deliveries.HIGHEST, 3);
        AtomicInteger done = new AtomicInteger();
        AtomicLong progress = new AtomicLong(); // deliveries the members have counted, for stall detection
        List<String> command = new ArrayList<>(ConnectionsScenario.childJava("4g")); // a JDK WebSocket each: ~100 KiB per member
        command.addAll(List.of("fanout-members", "--ws", target.gatewayWs, "--http", target.gatewayHttp,
                "--conversation", conversation, "--members", String.valueOf(members), "--run", run));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (ChildLines lines = new ChildLines(child, "fanout", line -> {
            if (line.startsWith("DONE ")) {
                String[] f = line.split(" ");
                Long at = sentAt.get(Long.parseLong(f[1]));
                if (at != null) {
                    synchronized (complete) {
                        complete.recordValue(Math.min((Long.parseLong(f[2]) - at) / 1000, Deliveries.HIGHEST));
                    }
                    done.incrementAndGet();
                }
                return true;
            }
            if (line.startsWith("PROGRESS ")) {
                progress.set(Long.parseLong(line.substring(9)));
                return true;
            }
            return false;
        })) {
            lines.await("READY", Duration.ofMinutes(5));
            double setupSeconds = (System.nanoTime() - setup0) / 1e9;
            SeqlineClient sender = SeqlineClient.connect(target.ws(), target.token(owner), "fan-owner");
            try {
                sender.welcome().join();
                // warm-up: messages that every member must get (routes registered, members loaded, hot code
                // compiled in both JVMs), one at a time
                long n = 0;
                int warmUp = o.integer("warm-up-messages", 5);
                for (int i = 1; i <= warmUp; i++) {
                    send(sender, conversation, ++n, sentAt);
                    if (!awaitDone(done, progress, i, Duration.ofSeconds(20), Duration.ofSeconds(120))) {
                        throw new IllegalStateException("fan-out warm-up: not every member got message " + n
                                + " (" + progress.get() + " deliveries counted, " + members + " members)");
                    }
                }
                lines.send("RESET");
                lines.await("RESET-OK", Duration.ofSeconds(30));
                done.set(0);
                synchronized (complete) {
                    complete.reset();
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    Pacing.sleepUntil(t0 + i * interval.toNanos(), 0);
                    send(sender, conversation, ++n, sentAt);
                }
                boolean all = awaitDone(done, progress, messages, Duration.ofSeconds(15), Duration.ofSeconds(300));
                double seconds = (System.nanoTime() - t0) / 1e9;
                lines.send("STATS");
                String[] stats = lines.await("STATS", Duration.ofSeconds(60)).split(" ");
                long delivered = Long.parseLong(stats[1]);
                Histogram latency = Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(Base64.getDecoder().decode(stats[4])), 0);
                Histogram completeCopy;
                synchronized (complete) {
                    completeCopy = complete.copy();
                }
                Result r = Result.of("fanout", messages, (long) members * messages, delivered, Long.parseLong(stats[2]),
                        Long.parseLong(stats[3]), delivered / seconds, latency);
                r.put("members", members).put("requestedMembers", requested)
                        .put("capReason", members < requested ? "RLIMIT_NOFILE " + ConnectionsScenario.openFileLimit()
                                + " (hard limit): one server socket per member in the gateway's process" : "none")
                        .put("messages", messages).put("intervalMs", interval.toMillis())
                        .put("fanoutCompleteMs", Result.latencyMs(completeCopy)).put("complete", all)
                        .put("deliveriesPerSec", delivered / seconds)
                        .put("setupSeconds", setupSeconds)
                        .put("receivers", "raw WebSockets with the SDK's transport and codec in a child process"
                                + " (no gap repair: a missed push counts as lost)");
                r.timeline = timeline(stats.length > 5 ? stats[5] : "", (int) Math.ceil(seconds));
                return r;
            } finally {
                sender.close();
            }
        }
    }

    /** Until {@code expected} messages reached every member, or no delivery arrived for {@code stall}. */
    private static boolean awaitDone(AtomicInteger done, AtomicLong progress, int expected, Duration stall, Duration max) {
        return Deliveries.awaitProgress(() -> done.get() >= expected, () -> progress.get() + done.get(), stall, max);
    }

    private static long[] timeline(String csv, int seconds) {
        String[] f = csv.isEmpty() ? new String[0] : csv.split(",");
        long[] out = new long[Math.min(seconds, f.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Long.parseLong(f[i]);
        }
        return out;
    }

    private static void send(SeqlineClient sender, String conversation, long n, ConcurrentHashMap<Long, Long> sentAt) {
        long now = System.nanoTime();
        sentAt.put(n, now);
        sender.sendText(conversation, Payload.text(0, n, now));
    }
}
