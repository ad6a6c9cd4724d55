package io.seqline.sequence.sequencer;

import java.util.Set;

/**
 * Restores the send-stream state (last clientSeq, dedup window) of {@code im.inbound} partitions whose
 * Redis state was lost, before any of their sends is sequenced again. Without it, a client resending a
 * send that was sequenced just before the loss would get a second seq for it.
 */
public interface StreamStateRecovery {

    /** Makes sure the stream state of these inbound partitions is whole; a no-op for those that never lost it. */
    void recover(Set<Integer> inboundPartitions);
}
