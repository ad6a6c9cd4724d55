package io.seqline.sequence.sequencer;

import io.seqline.common.ids.ConversationIds;
import io.seqline.sequence.members.GroupMembersLoader;
import io.seqline.sequence.reservation.SeqReservations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntToLongFunction;
import org.springframework.stereotype.Service;

/**
 * Decides, for a poll batch of inbound sends in partition order, which are accepted (and with which seq),
 * which are duplicates and which are rejected.
 *
 * <p>One round pipelines the Lua step for every pending send. Sends whose conversation has no seq block
 * left come back NEED_*; so do all later sends of that conversation, untouched. Their blocks are then
 * reserved in PostgreSQL (one statement for all of them), installed in Redis, and those sends alone go
 * through another round, still in order. A conversation's seq can only pass what PostgreSQL has
 * committed, so it never goes backwards, even when Redis loses everything. A conversation past half of
 * its block has the next one reserved in the background, so a busy conversation rarely waits for
 * PostgreSQL (and keeps flowing for a while when PostgreSQL is down). Before a conversation's missing
 * state is installed, the send streams of its partition are restored from the log when Redis lost them
 * ({@link StreamStateRecovery}), so a resend of a send sequenced before the loss is still a duplicate.
 */
@Service
public class MessageSequencer {

    private final SequencerScript script;
    private final SeqReservations reservations;
    private final SequencerProperties properties;
    private final GroupMembersLoader members;
    private final ReservationPrefetcher prefetcher;
    private final StreamStateRecovery recovery;

    public MessageSequencer(SequencerScript script, SeqReservations reservations, SequencerProperties properties,
                            GroupMembersLoader members, ReservationPrefetcher prefetcher, StreamStateRecovery recovery) {
        this.script = script;
        this.reservations = reservations;
        this.properties = properties;
        this.members = members;
        this.prefetcher = prefetcher;
        this.recovery = recovery;
    }

    /** Sequences sends whose partitions have no owner epoch (tests, tools): epoch 0 fences nothing. */
    public List<Outcome> sequence(List<InboundSend> sends) {
        return sequence(sends, partition -> 0L);
    }

    /**
     * Decides a poll batch.
     *
     * @param epochOf the owner epoch of each im.inbound partition in the batch
     * @throws FencedException when a later owner of one of the partitions has decided sends of a conversation
     *                         in the batch: this instance lost the partition and must publish nothing of it
     */
    public List<Outcome> sequence(List<InboundSend> sends, IntToLongFunction epochOf) {
        Outcome[] outcomes = new Outcome[sends.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            Outcome refused = precheck(sends.get(i));
            if (refused != null) {
                outcomes[i] = refused;
            } else {
                pending.add(i);
            }
        }
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round == properties.maxRounds()) {
                throw new IllegalStateException("sequencer batch still needs seq blocks after " + round + " rounds");
            }
            runRound(sends, pending, outcomes, epochOf);
            pending = prepareNextRound(sends, pending, outcomes);
        }
        awaitReplicas(sends);
        reserveAhead(sends, outcomes);
        return Arrays.asList(outcomes);
    }

    /**
     * With {@code redis-wait-replicas}, the batch's writes must be on that many replicas before its outcomes
     * leave this class: a replica promoted after a failover then never lacks a seq that was published.
     */
    private void awaitReplicas(List<InboundSend> sends) {
        int wanted = properties.redisWaitReplicas();
        if (wanted == 0) {
            return;
        }
        long holding = script.replicasHolding(sends, wanted, properties.redisWaitTimeout()).join();
        if (holding < wanted) {
            throw new RedisNotDurableException(holding, wanted, properties.redisWaitTimeout());
        }
    }

    /** Conversations past half of their block get the next block reserved in the background. */
    private void reserveAhead(List<InboundSend> sends, Outcome[] outcomes) {
        long half = properties.reservationStep() / 2;
        for (int i = 0; i < outcomes.length; i++) {
            Outcome outcome = outcomes[i];
            if (outcome.ceiling() > 0 && outcome.ceiling() - outcome.seq() < half) {
                prefetcher.request(sends.get(i).conversationId());
            }
        }
    }

    private static Outcome precheck(InboundSend send) {
        if (send.textProblem() != null || ConversationIds.problem(send.conversationId()) != null || send.streamId().isEmpty()
                || send.clientSeq() < 1 || send.clientSeq() > ConversationIds.MAX_CLIENT_SEQ) {
            return Outcome.of(Outcome.Code.INVALID);
        }
        if (!send.system() && ConversationIds.isDirect(send.conversationId())
                && !ConversationIds.isParticipant(send.conversationId(), send.senderId())) {
            return Outcome.of(Outcome.Code.NOT_MEMBER);
        }
        return null;
    }

    /**
     * One pipelined round. Each send names the previous send of its conversation in the round, so that a send
     * whose predecessor did not run first (its script was not loaded and it was re-sent in full after the
     * later ones, say) comes back BEHIND untouched instead of taking a seq out of order.
     */
    private void runRound(List<InboundSend> sends, List<Integer> pending, Outcome[] outcomes, IntToLongFunction epochOf) {
        List<CompletableFuture<Outcome>> replies = new ArrayList<>(pending.size());
        Map<String, Integer> remaining = new HashMap<>();
        for (int index : pending) {
            remaining.merge(sends.get(index).conversationId(), 1, Integer::sum);
        }
        Map<String, String> previous = new HashMap<>();
        for (int index : pending) {
            InboundSend send = sends.get(index);
            String before = previous.put(send.conversationId(), send.origin());
            boolean followed = remaining.merge(send.conversationId(), -1, Integer::sum) > 0;
            replies.add(script.sequence(send, epochOf.applyAsLong(send.partition()), before == null ? "" : before,
                    followed));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
        for (int k = 0; k < pending.size(); k++) {
            Outcome outcome = replies.get(k).join();
            if (outcome.code() == Outcome.Code.FENCED) {
                InboundSend send = sends.get(pending.get(k));
                throw new FencedException(send.conversationId(), send.partition(), epochOf.applyAsLong(send.partition()),
                        outcome.expected());
            }
            outcomes[pending.get(k)] = outcome;
        }
    }

    /** Reserves blocks for the conversations that ran out and returns the sends to run again, in order. */
    private List<Integer> prepareNextRound(List<InboundSend> sends, List<Integer> pending, Outcome[] outcomes) {
        Map<String, Long> floors = new LinkedHashMap<>();
        Map<String, Boolean> loadedGroups = new HashMap<>();
        Set<Integer> initialized = new TreeSet<>();
        List<Integer> again = new ArrayList<>();
        for (int index : pending) {
            Outcome outcome = outcomes[index];
            if (outcome.code() == Outcome.Code.BEHIND) {
                again.add(index);
            } else if (outcome.code() == Outcome.Code.NEED_MEMBERS) {
                String group = sends.get(index).conversationId();
                if (loadedGroups.computeIfAbsent(group, members::load)) {
                    again.add(index);
                } else {
                    outcomes[index] = Outcome.of(Outcome.Code.NOT_MEMBER); // no such group
                }
            } else if (outcome.needsWork()) {
                String conversation = sends.get(index).conversationId();
                Long floor = outcome.code() == Outcome.Code.NEED_RESERVE ? outcome.seq() : null;
                if (outcome.code() == Outcome.Code.NEED_INIT && sends.get(index).partition() >= 0) {
                    initialized.add(sends.get(index).partition());
                }
                floors.merge(conversation, floor == null ? -1L : floor, Math::max);
                again.add(index);
            }
        }
        if (!initialized.isEmpty()) {
            // a conversation without seq state is new, or Redis lost it, and the streams with it
            recovery.recover(initialized);
        }
        if (!floors.isEmpty()) {
            installBlocks(floors);
        }
        return again;
    }

    private void installBlocks(Map<String, Long> floorsOrMinusOne) {
        Map<String, Long> floors = new HashMap<>();
        floorsOrMinusOne.forEach((conversation, floor) -> floors.put(conversation, floor < 0 ? null : floor));
        long step = properties.reservationStep();
        Map<String, Long> ceilings = reservations.reserve(floors, step);
        List<CompletableFuture<Long>> installs = new ArrayList<>(ceilings.size());
        ceilings.forEach((conversation, ceiling) ->
                installs.add(script.raiseCeiling(conversation, ceiling - step, ceiling)));
        CompletableFuture.allOf(installs.toArray(CompletableFuture[]::new)).join();
    }
}
