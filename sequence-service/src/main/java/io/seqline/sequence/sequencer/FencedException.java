package io.seqline.sequence.sequencer;

/**
 * A later owner of an im.inbound partition has decided sends of a conversation that this instance is still
 * processing: this instance lost the partition (a long pause, a network split) and must neither issue nor
 * publish anything for the batch. Its Redis steps were refused before they wrote anything.
 */
public class FencedException extends IllegalStateException {

    public FencedException(String conversationId, int partition, long epoch, long newerEpoch) {
        super("fenced: im.inbound partition " + partition + " has a newer owner (epoch " + newerEpoch + " > "
                + epoch + ", conversation " + conversationId + ")");
    }
}
