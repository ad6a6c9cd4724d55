package io.seqline.sequence.sequencer;

import io.lettuce.core.ScriptOutputType;
import io.seqline.common.redis.LuaScript;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import java.time.Clock;
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
    private static final int FIXED_ARGS = 14;

    private final SharedRedis redis;
    private final String window;
    private final String ttlSeconds;
    private final Clock clock;

    SequencerScript(SharedRedis redis, SequencerProperties properties, Clock clock) {
        this.redis = redis;
        this.window = Integer.toString(properties.dedupWindow());
        this.ttlSeconds = Long.toString(Math.max(1, properties.streamTtl().toSeconds()));
        this.clock = clock;
    }

    /**
     * Runs the sequencer step for one send.
     *
     * @param epoch      the owner epoch of the send's partition (a later owner's epoch fences this call)
     * @param previous   origin of the previous send of the same conversation in this pipelined round, "" if none
     * @param followed   whether another send of the same conversation follows in this round (and checks this one)
     */
    CompletableFuture<Outcome> sequence(InboundSend send, long epoch, String previous, boolean followed) {
        String c = send.conversationId();
        String[] keys = {RedisKeys.seq(c), RedisKeys.stream(c, send.senderId(), send.senderDevice(), send.streamId()),
                RedisKeys.members(c), RedisKeys.recalled(c)};
        String[] args = new String[FIXED_ARGS + send.changeUsers().size()];
        args[0] = Long.toString(send.clientSeq());
        args[1] = send.origin();
        args[2] = window;
        args[3] = ttlSeconds;
        args[4] = send.membersMode();
        args[5] = send.senderId();
        args[6] = send.change();
        args[7] = Long.toString(send.recallTarget());
        args[8] = Long.toString(epoch);
        args[9] = previous;
        args[10] = Long.toString(clock.millis());
        args[11] = followed ? "1" : "0";
        args[12] = Long.toString(send.recallAllowedUntil());
        args[13] = send.streamStart() ? "1" : "0";
        for (int i = 0; i < send.changeUsers().size(); i++) {
            args[FIXED_ARGS + i] = send.changeUsers().get(i);
        }
        return SEQUENCE.<List<Object>>run(redis.async(), ScriptOutputType.MULTI, keys, args)
                .thenApply(reply -> decode(reply, send.origin()));
    }

    /** Installs a reserved block: restarts a missing state at {@code base}, else raises the ceiling. */
    CompletableFuture<Long> raiseCeiling(String conversationId, long base, long ceiling) {
        return RAISE.run(redis.async(), ScriptOutputType.INTEGER, new String[] {RedisKeys.seq(conversationId)},
                Long.toString(base), Long.toString(ceiling));
    }

    /**
     * How many replicas acknowledged every write sent on this connection so far, waiting up to {@code timeout};
     * on a cluster, the smallest count among the masters of the conversations of {@code sends}.
     */
    CompletableFuture<Long> replicasHolding(List<InboundSend> sends, int replicas, java.time.Duration timeout) {
        List<String> keys = sends.stream().map(send -> RedisKeys.seq(send.conversationId())).distinct().toList();
        return redis.replicasHolding(keys, replicas, timeout);
    }

    private static Outcome decode(List<Object> reply, String origin) {
        int code = ((Long) reply.get(0)).intValue();
        Object value = reply.get(1);
        return switch (code) {
            case 0 -> new Outcome(Outcome.Code.ACCEPTED, (Long) value, 0, (Long) reply.get(2), (Long) reply.get(3));
            case 1 -> {
                // "<seq>:<serverTimeMs>:<origin>" of the record that was accepted with this clientSeq
                String prior = (String) value;
                int first = prior.indexOf(':');
                int second = prior.indexOf(':', first + 1);
                long seq = Long.parseLong(prior, 0, first, 10);
                long time = Long.parseLong(prior, first + 1, second, 10);
                // the very record that got the seq, read again (its offset was not committed): emit the same
                // message again; another record with that clientSeq is a resend and is acked
                Outcome.Code decision = prior.substring(second + 1).equals(origin)
                        ? Outcome.Code.ACCEPTED : Outcome.Code.DUPLICATE;
                yield new Outcome(decision, seq, 0, 0, time);
            }
            case 2 -> Outcome.outOfOrder((Long) value);
            case 3 -> Outcome.of(Outcome.Code.NOT_MEMBER);
            case 4 -> Outcome.of(Outcome.Code.NEED_INIT);
            case 5 -> new Outcome(Outcome.Code.NEED_RESERVE, (Long) value, 0);
            case 6 -> Outcome.of(Outcome.Code.NEED_MEMBERS);
            case 7 -> Outcome.of(Outcome.Code.RECALL_DENIED);
            case 8 -> new Outcome(Outcome.Code.FENCED, 0, (Long) value);
            case 9 -> Outcome.of(Outcome.Code.BEHIND);
            case 10 -> Outcome.of(Outcome.Code.RECALL_NOT_ALLOWED);
            case 11 -> new Outcome(Outcome.Code.STREAM_EXPIRED, 0, (Long) value);
            default -> throw new IllegalStateException("unexpected sequencer reply " + reply);
        };
    }
}
