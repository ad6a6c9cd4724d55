package io.seqline.sequence.recovery;

import io.lettuce.core.ScriptOutputType;
import io.seqline.common.kafka.Topics;
import io.seqline.common.redis.LuaScript;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.sequence.sequencer.SequencerProperties;
import io.seqline.sequence.sequencer.StreamStateRecovery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the send streams of an {@code im.inbound} partition from the sequencer's own durable output when
 * Redis lost them. Every accepted message in {@code im.messages} carries its stream id in the
 * {@value #STREAM_HEADER} record header, so the log of the last stream TTL holds, per stream, the last
 * clientSeq and the recent clientSeq → seq pairs: exactly the Redis stream state, and the recall marks
 * besides. The marker {@code im:rebuilt:{p}} says a partition's state is whole; Redis losing its data loses
 * the marker with it, so the first conversations that need their seq state again trigger one rebuild of their
 * partitions (one read of the log for all of them). It runs inside the sequencer's batch, after every record
 * that an earlier batch of the partition sent was acknowledged (a batch commits only then), and before
 * anything of the batch is sequenced. Entries keep the origin of the record that was accepted (header
 * {@value #ORIGIN_HEADER}), so a record read again after the loss is still re-emitted, not acked.
 */
@Component
public class StreamStateRebuilder implements StreamStateRecovery {

    /** The header of {@code im.messages} records that names the send stream (UTF-8 stream id). */
    public static final String STREAM_HEADER = "seqline-stream";
    /** The header of {@code im.messages} records that names the im.inbound record it was sequenced from. */
    public static final String ORIGIN_HEADER = "seqline-origin";

    private static final Logger log = LoggerFactory.getLogger(StreamStateRebuilder.class);
    private static final LuaScript MERGE = LuaScript.fromClasspath(StreamStateRebuilder.class, "merge-stream.lua");

    private final SharedRedis redis;
    /** The rebuild reads im.messages as bytes (StreamLog decodes what it needs), whatever the listeners use. */
    private static final java.util.Properties RAW_VALUES = new java.util.Properties();

    static {
        RAW_VALUES.put(org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
    }

    private final ConsumerFactory<String, byte[]> consumers;
    private final int window;
    private final Duration ttl;
    private final Duration slice;
    private final Clock clock;
    /** Rebuilds that did not finish within one slice, by their partitions, continued by the next call for them. */
    private final Map<Set<Integer>, Rebuild> unfinished = new HashMap<>();

    @SuppressWarnings("unchecked") // the service's consumer factory: String keys, byte[] values (sequence-service.yml)
    public StreamStateRebuilder(SharedRedis redis, ConsumerFactory<?, ?> consumers,
                                SequencerProperties properties, Clock clock) {
        this.redis = redis;
        this.consumers = (ConsumerFactory<String, byte[]>) consumers;
        this.window = properties.dedupWindow();
        this.ttl = properties.streamTtl();
        this.slice = properties.rebuildSlice();
        this.clock = clock;
    }

    /**
     * Rebuilds the partitions among {@code inboundPartitions} whose marker is missing. A rebuild that takes
     * longer than {@code seqline.sequencer.rebuild-slice} stops there and throws {@link RebuildContinues}: the
     * batch is read again after a backoff (so the consumer keeps polling and stays in its group however long
     * the log is), and the next call continues the same rebuild where it stopped.
     */
    @Override
    public synchronized void recover(Set<Integer> inboundPartitions) {
        List<Integer> lost = new ArrayList<>();
        for (int partition : inboundPartitions) {
            if (redis.sync().exists(RedisKeys.rebuilt(partition)) == 0) {
                lost.add(partition);
            }
        }
        if (lost.isEmpty()) {
            return;
        }
        try (Consumer<String, byte[]> consumer = consumers.createConsumer("seqline-stream-rebuild", null, "stream-rebuild",
                RAW_VALUES)) {
            Set<Integer> key = Set.copyOf(lost);
            Rebuild rebuild = unfinished.get(key);
            if (rebuild == null) {
                // a rebuild of other partitions that overlap these (the assignment changed) starts over
                unfinished.keySet().removeIf(other -> other.stream().anyMatch(key::contains));
                rebuild = start(consumer, lost);
                unfinished.put(key, rebuild);
            }
            if (!rebuild.readFor(consumer, slice)) {
                throw new RebuildContinues("rebuilding send streams of im.inbound partitions " + lost + ": "
                        + rebuild.streams.records() + " im.messages records read so far; continuing on the next try");
            }
            unfinished.remove(key);
            int written = write(rebuild.streams);
            for (int partition : lost) {
                redis.sync().set(RedisKeys.rebuilt(partition), clock.instant().toString());
            }
            log.info("rebuilt {} send streams of im.inbound partitions {} from {} im.messages records in {} ms",
                    written, lost, rebuild.streams.records(), (System.nanoTime() - rebuild.startedNanos) / 1_000_000);
        }
    }

    /** The rebuild did not finish within its slice; it goes on when the batch is read again. */
    public static final class RebuildContinues extends IllegalStateException {
        RebuildContinues(String message) {
            super(message);
        }
    }

    /** Where to read from (the last stream TTL of the log) and up to where (the end when the rebuild started). */
    private Rebuild start(Consumer<String, byte[]> consumer, List<Integer> lost) {
        int inbound = consumer.partitionsFor(Topics.INBOUND).size();
        int messages = consumer.partitionsFor(Topics.MESSAGES).size();
        List<TopicPartition> partitions = scanned(lost, inbound, messages);
        long since = clock.millis() - ttl.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(tp -> times.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(times);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the last stable offset
        Rebuild rebuild = new Rebuild(new StreamLog(Set.copyOf(lost), inbound, window), end);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp start = from.get(tp);
            if (start != null && start.offset() < end.get(tp)) {
                rebuild.next.put(tp, start.offset());
            }
        }
        return rebuild;
    }

    /** One rebuild in progress: what has been read, and the next offset of each partition still open. */
    private static final class Rebuild {
        final StreamLog streams;
        final Map<TopicPartition, Long> end;
        final Map<TopicPartition, Long> next = new HashMap<>();
        final long startedNanos = System.nanoTime();

        Rebuild(StreamLog streams, Map<TopicPartition, Long> end) {
            this.streams = streams;
            this.end = end;
        }

        /** Reads on for at most {@code slice}; true once every partition is read to its end. */
        boolean readFor(Consumer<String, byte[]> consumer, Duration slice) {
            if (next.isEmpty()) {
                return true;
            }
            consumer.assign(next.keySet());
            next.forEach(consumer::seek);
            long deadline = System.nanoTime() + slice.toNanos();
            do {
                consumer.poll(Duration.ofMillis(200)).forEach(streams::add);
                for (TopicPartition tp : List.copyOf(next.keySet())) {
                    long position = consumer.position(tp);
                    if (position >= end.get(tp)) {
                        next.remove(tp);
                    } else {
                        next.put(tp, position);
                    }
                }
            } while (!next.isEmpty() && System.nanoTime() < deadline);
            return next.isEmpty();
        }
    }

    /** The im.messages partitions holding these partitions' conversations: the same indexes when the counts match. */
    private static List<TopicPartition> scanned(List<Integer> lost, int inbound, int messages) {
        List<TopicPartition> partitions = new ArrayList<>();
        if (inbound == messages) {
            lost.forEach(p -> partitions.add(new TopicPartition(Topics.MESSAGES, p)));
        } else {
            for (int i = 0; i < messages; i++) {
                partitions.add(new TopicPartition(Topics.MESSAGES, i));
            }
        }
        return partitions;
    }

    private int write(StreamLog streams) {
        String ttlSeconds = Long.toString(Math.max(1, ttl.toSeconds()));
        List<CompletableFuture<?>> calls = new ArrayList<>();
        streams.streams().forEach((key, state) -> {
            List<String> args = new ArrayList<>(2 + 2 * state.recent.size());
            args.add(ttlSeconds);
            args.add(Long.toString(state.last));
            state.recent.forEach((clientSeq, entry) -> {
                args.add(Long.toString(clientSeq));
                args.add(entry);
            });
            calls.add(MERGE.run(redis.async(), ScriptOutputType.INTEGER, new String[] {key}, args.toArray(String[]::new)));
        });
        streams.recalled().forEach((conversation, seqs) ->
                calls.add(redis.async().sadd(RedisKeys.recalled(conversation), seqs.toArray(String[]::new)).toCompletableFuture()));
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        return streams.streams().size();
    }
}
