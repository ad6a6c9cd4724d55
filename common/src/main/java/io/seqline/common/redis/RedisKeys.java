package io.seqline.common.redis;

/**
 * The Redis key layout (docs/architecture.md, "Redis keys"). Keys of one conversation share the hash tag {@code {c}} so that
 * they live in one Redis Cluster slot and one Lua script may touch them all.
 *
 * <pre>
 * im:seq:{c}            hash  cur = last issued seq, ceil = highest seq durably reserved in PostgreSQL,
 *                             ep = owner epoch that last decided a send of c, lo = origin of that send
 * im:stream:{c}:{u}:{d}:{s} hash  last = last accepted clientSeq of send stream s of user u's device d, plus
 *                             one field per recent clientSeq (the dedup window) holding "seq:serverTimeMs:origin"
 *                             and "r"-fields for refused records ("code:expected:origin")
 * im:members:{c}        hash  user id -> seq at which they joined group c (rebuilt from PostgreSQL when missing)
 * im:recalled:{c}       set   seqs of c that a recall was issued for (each message is recalled once)
 * im:route:{u}          hash  deviceId -> gatewayId for every connected device of user u
 * im:gateway:{g}        string gRPC address "host:port" of gateway g (expires unless refreshed)
 * im:rebuilt:{p}        string when the stream states of im.inbound partition p were last checked whole
 *                             (missing after Redis lost its data: the sequencer then rebuilds them)
 * </pre>
 */
public final class RedisKeys {

    private RedisKeys() {
    }

    public static String seq(String conversationId) {
        return "im:seq:{" + conversationId + "}";
    }

    /**
     * A send stream's state. The stream belongs to one sender's device: a stream id learnt from someone
     * else's {@code welcome} names a different key and cannot touch theirs.
     */
    public static String stream(String conversationId, String userId, String deviceId, String streamId) {
        return "im:stream:{" + conversationId + "}:" + userId + ":" + deviceId + ":" + streamId;
    }

    /**
     * The pub/sub channel on which the sequencer announces, with the conversation id as the message, that a
     * membership event of a group just took effect; every routing instance drops its cached members of it.
     */
    public static final String MEMBERS_CHANGED = "im:members-changed";

    public static String members(String conversationId) {
        return "im:members:{" + conversationId + "}";
    }

    public static String recalled(String conversationId) {
        return "im:recalled:{" + conversationId + "}";
    }

    public static String route(String userId) {
        return "im:route:{" + userId + "}";
    }

    public static String rebuilt(int inboundPartition) {
        return "im:rebuilt:{" + inboundPartition + "}";
    }

    public static String gateway(String gatewayId) {
        return "im:gateway:" + gatewayId;
    }
}
