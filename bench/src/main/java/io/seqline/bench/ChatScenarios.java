package io.seqline.bench;

import io.seqline.client.transport.JdkWebSocketTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** {@code chat} (fixed rate), {@code max} (ramp) and {@code pipeline} (window 32 vs 1 at 20 ms RTT). */
final class ChatScenarios {

    /** Load before measuring, so that the figures are of compiled code (see {@link ChatFixture#warmUp}). */
    static final Duration WARM_UP = Duration.ofSeconds(20);

    private ChatScenarios() {
    }

    static ChatFixture mix(Target target, BenchOptions o, int window, io.seqline.client.transport.Transport transport) {
        return ChatFixture.open(target, o.integer("pairs", 100), o.integer("groups", 20), o.integer("group-size", 4),
                window, transport);
    }

    static Result chat(Target target, BenchOptions o) {
        double rate = o.decimal("rate", 5000);
        Duration duration = o.duration("duration", Duration.ofSeconds(30));
        try (ChatFixture f = mix(target, o, 32, null)) {
            warmUp(f, o, rate);
            long t0 = System.nanoTime();
            f.drive(rate, duration);
            double sendSeconds = (System.nanoTime() - t0) / 1e9;
            // past the machine's rate the backlog drains after the send phase: a delivery counts as lost only
            // when nothing more arrives for 10 s (or after --drain, 10 min by default)
            boolean complete = f.deliveries.awaitAll(Duration.ofSeconds(10), o.duration("drain", Duration.ofMinutes(10)));
            double allSeconds = (System.nanoTime() - t0) / 1e9;
            Deliveries d = f.deliveries;
            Result r = Result.of("chat", f.sent.get(), d, f.sent.get() / sendSeconds, d.total());
            r.put("offeredRatePerSec", rate).put("durationSec", duration.toMillis() / 1000.0)
                    .put("deliveriesPerSec", d.delivered.sum() / allSeconds).put("complete", complete)
                    .put("conversations", f.lines.size()).put("clients", f.clientCount())
                    .put("mix", mixOf(o)).put("sendFailures", f.sendFailures.sum()).put("skippedSeqs", d.skipped.sum())
                    .put("sequencedToShownMs", Result.latencyMs(d.afterSequencer()));
            r.timeline = d.timeline((int) Math.ceil(allSeconds));
            return r;
        }
    }

    /** {@code --warm-up} (20 s) of load at {@code --warm-up-rate} (the measured rate, at most 1,000 msg/s). */
    private static void warmUp(ChatFixture f, BenchOptions o, double rate) {
        f.warmUp(o.decimal("warm-up-rate", Math.min(rate, 1000)), o.duration("warm-up", WARM_UP));
    }

    static String mixOf(BenchOptions o) {
        return o.integer("pairs", 100) + " direct chats + " + o.integer("groups", 20) + " groups of "
                + o.integer("group-size", 4) + ", 100-byte texts, round-robin";
    }

    /**
     * Ramps the offered rate step by step. A step keeps up when its deliveries all arrive within
     * {@code catch-up} after it ends, the achieved send rate is ≥ 95 % of the offer and nothing was refused;
     * it is sustained when it keeps up with p99 ≤ {@code max-p99}. The ramp stops at the first step that
     * does not keep up, so the result has both the highest sustained rate and the highest rate carried.
     */
    static Result max(Target target, BenchOptions o) throws Exception {
        double rate = o.decimal("start-rate", 1000);
        double factor = o.decimal("step-factor", 1.25);
        double maxRate = o.decimal("max-rate", 200_000);
        Duration step = o.duration("step", Duration.ofSeconds(5));
        double maxP99 = o.decimal("max-p99-ms", 100);
        Duration catchUp = o.duration("catch-up", Duration.ofSeconds(1));
        List<Map<String, Object>> steps = new ArrayList<>();
        double best = 0;
        double keepingUp = 0;
        Histogram bestLatency = null;
        Result r;
        try (ChatFixture f = mix(target, o, 32, null)) {
            warmUp(f, o, rate);
            long start = System.nanoTime();
            while (rate <= maxRate) {
                long failuresBefore = f.sendFailures.sum();
                long t0 = System.nanoTime();
                long issued = f.drive(rate, step);
                double achieved = issued / ((System.nanoTime() - t0) / 1e9);
                boolean caughtUp = f.deliveries.awaitAll(catchUp, catchUp);
                Histogram h = f.deliveries.interval();
                double p99 = h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1000.0;
                boolean keepsUp = caughtUp && achieved >= 0.95 * rate && f.sendFailures.sum() == failuresBefore;
                boolean sustained = keepsUp && p99 <= maxP99;
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("offeredPerSec", rate);
                s.put("achievedPerSec", achieved);
                s.put("caughtUp", caughtUp);
                s.put("latencyMs", Result.latencyMs(h));
                s.put("sustained", sustained);
                steps.add(s);
                System.err.println("max: step " + Json.write(s));
                if (!keepsUp) {
                    break; // delivery fell behind: past the rate the system can carry at all
                }
                keepingUp = achieved;
                if (sustained && achieved > best) {
                    best = achieved;
                    bestLatency = h;
                }
                rate *= factor;
            }
            boolean complete = f.deliveries.awaitAll(Duration.ofSeconds(10), Duration.ofSeconds(180));
            double allSeconds = (System.nanoTime() - start) / 1e9;
            Deliveries d = f.deliveries;
            Histogram total = d.total();
            r = Result.of("max", f.sent.get(), d, best, bestLatency != null ? bestLatency : total);
            r.put("maxSustainedPerSec", best).put("criterion", "p99 <= " + maxP99 + " ms and all delivered within "
                    + catchUp.toMillis() + " ms of each " + step.toMillis() + " ms step")
                    .put("maxKeepingUpPerSec", keepingUp)
                    .put("allStepsLatencyMs", Result.latencyMs(total)).put("steps", steps).put("complete", complete)
                    .put("mix", mixOf(o)).put("sendFailures", f.sendFailures.sum()).put("skippedSeqs", d.skipped.sum());
            r.timeline = d.timeline((int) Math.ceil(allSeconds));
        }
        Result baseline = KafkaBaseline.run(target.kafkaBootstrap, o.integer("baseline-records", 200_000),
                o.integer("partitions", 12), 2);
        double kafka = ((Number) baseline.json.get("throughputPerSec")).doubleValue();
        r.put("kafkaBaselinePerSec", kafka).put("ratioToKafkaBaseline", kafka > 0 ? best / kafka : 0.0)
                .put("keepingUpRatioToKafkaBaseline", kafka > 0 ? keepingUp / kafka : 0.0)
                .put("kafkaBaselineClean", baseline.clean());
        if (!baseline.clean()) {
            r.json.put("lost", ((Number) r.json.get("lost")).longValue() + ((Number) baseline.json.get("lost")).longValue());
        }
        return r;
    }

    static Result pipeline(Target target, BenchOptions o) {
        Duration rtt = o.duration("rtt", Duration.ofMillis(20));
        int windowed = o.integer("messages", 2000);
        int stopAndWait = o.integer("stop-and-wait-messages", 150);
        int window = o.integer("window", 32);
        try (DelayTransport delay = new DelayTransport(JdkWebSocketTransport.shared(), rtt.dividedBy(2))) {
            Result a = onePipeline(target, delay, window, windowed);
            Result b = onePipeline(target, delay, 1, stopAndWait);
            double rateA = ((Number) a.json.get("throughputPerSec")).doubleValue();
            double rateB = ((Number) b.json.get("throughputPerSec")).doubleValue();
            long sent = n(a, "sent") + n(b, "sent");
            Result r = Result.of("pipeline", sent, n(a, "expectedDeliveries") + n(b, "expectedDeliveries"),
                    n(a, "delivered") + n(b, "delivered"), n(a, "duplicates") + n(b, "duplicates"),
                    n(a, "orderViolations") + n(b, "orderViolations"), rateA, a.latency);
            r.put("rttMs", rtt.toMillis()).put("window", window).put("windowedPerSec", rateA)
                    .put("stopAndWaitPerSec", rateB).put("ratio", rateB > 0 ? rateA / rateB : 0.0)
                    .put("windowed", a.json).put("stopAndWait", b.json);
            r.timeline = a.timeline;
            return r;
        }
    }

    private static long n(Result r, String key) {
        return ((Number) r.json.get(key)).longValue();
    }

    private static Result onePipeline(Target target, DelayTransport delay, int window, int messages) {
        try (ChatFixture f = ChatFixture.open(target, 1, 0, 0, window, delay)) {
            f.warmUp();
            ChatFixture.Line line = f.lines.get(0);
            long t0 = System.nanoTime();
            List<java.util.concurrent.CompletableFuture<Long>> acks = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                acks.add(f.send(line));
            }
            java.util.concurrent.CompletableFuture.allOf(acks.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .orTimeout(10, java.util.concurrent.TimeUnit.MINUTES).exceptionally(e -> null).join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            f.deliveries.awaitAll(Duration.ofSeconds(10), Duration.ofSeconds(60));
            Result r = Result.of("pipeline-window-" + window, f.sent.get(), f.deliveries, messages / seconds,
                    f.deliveries.total());
            r.put("window", window).put("seconds", seconds).put("sendFailures", f.sendFailures.sum());
            r.timeline = f.deliveries.timeline((int) Math.ceil(seconds) + 1);
            return r;
        }
    }
}
