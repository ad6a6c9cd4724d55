package io.seqline.sequence.recovery;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seqline.common.redis.RedisKeys;
import io.seqline.proto.v1.Message;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

/**
 * The send streams of some {@code im.inbound} partitions as read back from {@code im.messages}, in log order:
 * per stream its last clientSeq and its most recent {@code window} clientSeq → seq pairs; per conversation
 * the seqs that were recalled.
 */
final class StreamLog {

    /**
     * One stream's state; the pairs keep insertion (log) order and only the newest {@code window}. Each holds
     * what the sequencer's dedup window holds: "seq:serverTimeMs:origin".
     */
    static final class State {
        long last;
        final LinkedHashMap<Long, String> recent;

        State(int window) {
            this.recent = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
                    return size() > window;
                }
            };
        }
    }

    private final Set<Integer> partitions;
    private final int inboundPartitions;
    private final int window;
    private final Map<String, State> streams = new HashMap<>();
    private final Map<String, Set<String>> recalled = new HashMap<>();
    private long records;

    StreamLog(Set<Integer> partitions, int inboundPartitions, int window) {
        this.partitions = partitions;
        this.inboundPartitions = inboundPartitions;
        this.window = window;
    }

    void add(ConsumerRecord<String, byte[]> record) {
        records++;
        Header header = record.headers().lastHeader(StreamStateRebuilder.STREAM_HEADER);
        if (header == null || record.key() == null || !partitions.contains(inboundPartition(record.key(), inboundPartitions))) {
            return; // written before streams were logged, or another partition's conversation
        }
        Message message;
        try {
            message = Message.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            return;
        }
        String stream = new String(header.value(), StandardCharsets.UTF_8);
        Header originHeader = record.headers().lastHeader(StreamStateRebuilder.ORIGIN_HEADER);
        String origin = originHeader == null ? "rebuilt" : new String(originHeader.value(), StandardCharsets.UTF_8);
        State state = streams.computeIfAbsent(RedisKeys.stream(message.getConversationId(), message.getSenderId(),
                message.getSenderDevice(), stream), k -> new State(window));
        String known = state.recent.get(message.getClientSeq());
        if (known != null && known.startsWith(message.getSeq() + ":")) {
            return; // a repeat of a record re-emitted after a crash: identical, it moves nothing
        }
        // the log order is the order the stream was accepted in: the latest record is the stream's position
        state.last = message.getClientSeq();
        state.recent.put(message.getClientSeq(), message.getSeq() + ":" + message.getServerTimeMs() + ":" + origin);
        if (message.getContent().hasRecall()) {
            recalled.computeIfAbsent(message.getConversationId(), c -> new TreeSet<>())
                    .add(Long.toString(message.getContent().getRecall().getTargetSeq()));
        }
    }

    /** The im.inbound partition of a conversation: Kafka's default partitioner for a keyed record. */
    static int inboundPartition(String conversationId, int inboundPartitions) {
        return Utils.toPositive(Utils.murmur2(conversationId.getBytes(StandardCharsets.UTF_8))) % inboundPartitions;
    }

    Map<String, State> streams() {
        return streams;
    }

    Map<String, Set<String>> recalled() {
        return recalled;
    }

    long records() {
        return records;
    }
}
