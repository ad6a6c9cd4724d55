package io.seqline.common.redis;

/**
 * The Redis key layout (DESIGN §5.1, §4). Keys of one conversation share the hash tag {@code {c}} so that
 * they live in one Redis Cluster slot and one Lua script may touch them all.
 *
 * <pre>
 * im:seq:{c}            hash  cur = last issued seq, ceil = highest seq durably reserved in PostgreSQL
 * im:stream:{c}:{s}     hash  last = last accepted clientSeq of send stream s, plus one field per recent
 *                             clientSeq (the dedup window) holding "seq:inboundOffset"
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

    public static String stream(String conversationId, String streamId) {
        return "im:stream:{" + conversationId + "}:" + streamId;
    }

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
