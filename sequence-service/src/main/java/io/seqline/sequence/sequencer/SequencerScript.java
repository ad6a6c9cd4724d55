package io.seqline.sequence.sequencer;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.seqline.common.redis.LuaScript;
import io.seqline.common.redis.RedisKeys;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Java side of {@code sequencer.lua} and {@code raise-ceiling.lua}: builds keys and arguments, decodes
 * replies. Calls return without waiting so that a whole poll batch is pipelined.
 */
@Component
class SequencerScript {

    private static final LuaScript SEQUENCE = LuaScript.fromClasspath(SequencerScript.class, "sequencer.lua");
    private static final LuaScript RAISE = LuaScript.fromClasspath(SequencerScript.class, "raise-ceiling.lua");

    private final StatefulRedisConnection<String, String> redis;
    private final String window;
    private final String ttlSeconds;

    SequencerScript(StatefulRedisConnection<String, String> redis, SequencerProperties properties) {
        this.redis = redis;
        this.window = Integer.toString(properties.dedupWindow());
        this.ttlSeconds = Long.toString(Math.max(1, properties.streamTtl().toSeconds()));
    }

    /** Runs the sequencer step for one send; {@code origin} identifies the inbound record ("partition:offset"). */
    CompletableFuture<Outcome> sequence(InboundSend send, String origin) {
        String c = send.conversationId();
        String[] keys = {RedisKeys.seq(c), RedisKeys.stream(c, send.streamId()), RedisKeys.members(c),
                RedisKeys.recalled(c)};
        String[] args = new String[8 + send.changeUsers().size()];
        args[0] = Long.toString(send.clientSeq());
        args[1] = origin;
        args[2] = window;
        args[3] = ttlSeconds;
        args[4] = send.membersMode();
        args[5] = send.senderId();
        args[6] = send.change();
        args[7] = Long.toString(send.recallTarget());
        for (int i = 0; i < send.changeUsers().size(); i++) {
            args[8 + i] = send.changeUsers().get(i);
        }
        return SEQUENCE.<List<Object>>run(redis.async(), ScriptOutputType.MULTI, keys, args)
                .thenApply(reply -> decode(reply, origin));
    }

    /** Installs a reserved block: restarts a missing state at {@code base}, else raises the ceiling. */
    CompletableFuture<Long> raiseCeiling(String conversationId, long base, long ceiling) {
        return RAISE.run(redis.async(), ScriptOutputType.INTEGER, new String[] {RedisKeys.seq(conversationId)},
                Long.toString(base), Long.toString(ceiling));
    }

    private static Outcome decode(List<Object> reply, String origin) {
        int code = ((Long) reply.get(0)).intValue();
        Object value = reply.get(1);
        return switch (code) {
            case 0 -> new Outcome(Outcome.Code.ACCEPTED, (Long) value, 0, (Long) reply.get(2));
            case 1 -> {
                String prior = (String) value;
                int colon = prior.indexOf(':');
                long seq = Long.parseLong(prior.substring(0, colon));
                // the same inbound record again: its earlier transaction aborted, so the message was never
                // published; re-issue it with the seq it already has instead of acking a duplicate
                yield prior.substring(colon + 1).equals(origin) ? Outcome.accepted(seq) : Outcome.duplicate(seq);
            }
            case 2 -> Outcome.outOfOrder((Long) value);
            case 3 -> Outcome.of(Outcome.Code.NOT_MEMBER);
            case 4 -> Outcome.of(Outcome.Code.NEED_INIT);
            case 5 -> new Outcome(Outcome.Code.NEED_RESERVE, (Long) value, 0);
            case 6 -> Outcome.of(Outcome.Code.NEED_MEMBERS);
            case 7 -> Outcome.of(Outcome.Code.RECALL_DENIED);
            default -> throw new IllegalStateException("unexpected sequencer reply " + reply);
        };
    }
}
