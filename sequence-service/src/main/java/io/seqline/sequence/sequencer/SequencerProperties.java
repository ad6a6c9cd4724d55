package io.seqline.sequence.sequencer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code seqline.sequencer.*}.
 *
 * @param reservationStep how many seqs one PostgreSQL reservation covers (default 1000)
 * @param dedupWindow how many recent clientSeqs of a stream keep their seq for duplicate detection; must
 *                    exceed both the client send window and the records one stream can have in a poll batch
 * @param streamTtl how long an idle send stream's state is kept (default 24h)
 * @param maxRounds how many NEED_* rounds one batch may take before it fails and is retried whole
 * @param historyAddress history-service gRPC address, to rebuild group member sets
 * @param rebuildSlice how long one batch may spend rebuilding send streams after a Redis loss before it hands
 *                     control back to the consumer loop (the rebuild goes on where it stopped when the batch is
 *                     read again); must stay well below the consumer's {@code max.poll.interval.ms} (5 min)
 * @param redisWaitReplicas how many Redis replicas must hold a batch's writes before any of its outputs is
 *                          published ({@code WAIT}); 0 (the default) waits for none, for a Redis without
 *                          replicas (the standalone) or one whose persistence is trusted instead
 * @param redisWaitTimeout how long a batch waits for them before it fails and is read again
 */
@Validated
@ConfigurationProperties("seqline.sequencer")
public record SequencerProperties(
        @DefaultValue("1000") @Min(1) @Max(1_000_000) long reservationStep,
        @DefaultValue("1024") @Min(64) @Max(100_000) int dedupWindow,
        @DefaultValue("24h") Duration streamTtl,
        @DefaultValue("8") @Min(2) @Max(100) int maxRounds,
        @DefaultValue("127.0.0.1:9091") @jakarta.validation.constraints.NotBlank String historyAddress,
        @DefaultValue("60s") Duration rebuildSlice,
        @DefaultValue("0") @Min(0) @Max(16) int redisWaitReplicas,
        @DefaultValue("1s") Duration redisWaitTimeout) {
}
