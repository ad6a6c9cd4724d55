package io.seqline.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.seqline.sequence.sequencer.InboundSend;
import io.seqline.sequence.sequencer.MessageSequencer;
import io.seqline.sequence.sequencer.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * Seqs per second of the sequencer alone — the running sequence-service's {@link MessageSequencer} (one
 * Lua call per send, pipelined across a batch of 500 like one Kafka poll, plus the durable block
 * reservations in PostgreSQL) — against the naive baseline on the same Redis: one INCR round trip per
 * message. Checks every seq: per conversation 1, 2, 3 …, no repeat.
 */
final class SequencerScenario {

    private SequencerScenario() {
    }

    static Result run(Target target, BenchOptions o) {
        if (target.cluster == null) {
            throw new IllegalArgumentException("sequencer: needs the in-process system (run without --endpoints)");
        }
        MessageSequencer sequencer = target.cluster.sequencer().getBean(MessageSequencer.class);
        int conversations = o.integer("conversations", 1000);
        int batch = o.integer("batch", 500);
        Duration duration = o.duration("duration", Duration.ofSeconds(10));
        String run = UUID.randomUUID().toString().substring(0, 6);
        long[] clientSeq = new long[conversations];
        long[] lastSeq = new long[conversations];
        long issued = 0;
        long duplicates = 0;
        long order = 0;
        long refused = 0;
        Histogram batchMicros = new Histogram(Deliveries.HIGHEST, 3);
        int cursor = 0;
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        List<Long> perSecond = new ArrayList<>();
        long secondStart = t0;
        long secondCount = 0;
        while (System.nanoTime() < end) {
            List<InboundSend> sends = new ArrayList<>(batch);
            int[] conv = new int[batch];
            for (int i = 0; i < batch; i++) {
                int c = cursor;
                cursor = (cursor + 1) % conversations;
                conv[i] = c;
                sends.add(new InboundSend("p:sa" + c + "-" + run + ":sb" + c + "-" + run, "bench-" + run + "-" + c,
                        ++clientSeq[c], "sa" + c + "-" + run, false, "bench:" + issued + i));
            }
            long b0 = System.nanoTime();
            List<Outcome> outcomes = sequencer.sequence(sends);
            long b1 = System.nanoTime();
            batchMicros.recordValue(Math.min(Deliveries.HIGHEST, (b1 - b0) / 1000));
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome out = outcomes.get(i);
                if (out.code() != Outcome.Code.ACCEPTED) {
                    refused++;
                    continue;
                }
                int c = conv[i];
                if (out.seq() == lastSeq[c]) {
                    duplicates++;
                } else if (out.seq() < lastSeq[c] || (lastSeq[c] > 0 && out.seq() != lastSeq[c] + 1)) {
                    order++;
                }
                lastSeq[c] = Math.max(lastSeq[c], out.seq());
                issued++;
                secondCount++;
            }
            if (b1 - secondStart >= 1_000_000_000L) {
                perSecond.add(secondCount);
                secondCount = 0;
                secondStart = b1;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = issued / seconds;
        long requested = 0;
        for (long s : clientSeq) {
            requested += s;
        }

        // the naive baseline: one INCR round trip per message, same Redis, same duration
        Histogram incrMicros = new Histogram(Deliveries.HIGHEST, 3);
        long naive = 0;
        long naiveOrder = 0;
        RedisClient client = RedisClient.create(target.redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            long[] last = new long[conversations];
            long n0 = System.nanoTime();
            long nEnd = n0 + duration.toNanos();
            int c = 0;
            while (System.nanoTime() < nEnd) {
                long a = System.nanoTime();
                long seq = redis.incr("bench:naive:{" + run + "-" + c + "}");
                incrMicros.recordValue(Math.min(Deliveries.HIGHEST, (System.nanoTime() - a) / 1000));
                if (seq != last[c] + 1) {
                    naiveOrder++;
                }
                last[c] = seq;
                c = (c + 1) % conversations;
                naive++;
            }
            double naiveSeconds = (System.nanoTime() - n0) / 1e9;
            double naiveRate = naive / naiveSeconds;
            Result r = Result.of("sequencer", requested, requested, issued, duplicates, order, rate, batchMicros);
            r.put("seqsPerSec", rate).put("naiveIncrPerSec", naiveRate).put("ratioToNaive", rate / naiveRate)
                    .put("refused", refused).put("batch", batch).put("conversations", conversations)
                    .put("microsPerSeq", 1e6 / rate)
                    .put("latencyIs", "per batch of " + batch + " (one MessageSequencer.sequence call)")
                    .put("naiveIncrLatencyMs", Result.latencyMs(incrMicros)).put("naiveOrderViolations", naiveOrder);
            long[] timeline = new long[perSecond.size()];
            for (int i = 0; i < timeline.length; i++) {
                timeline[i] = perSecond.get(i);
            }
            r.timeline = timeline;
            r.timelineLabel = "seqs issued per second";
            return r;
        } finally {
            client.shutdown();
        }
    }
}
