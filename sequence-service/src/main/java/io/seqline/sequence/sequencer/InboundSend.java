package io.seqline.sequence.sequencer;

import io.seqline.proto.v1.InboundEnvelope;

/** The fields of an {@link InboundEnvelope} that the sequencer step needs, plus the record's origin. */
public record InboundSend(String conversationId, String streamId, long clientSeq, String senderId, boolean system,
                          String origin) {

    public static InboundSend of(InboundEnvelope envelope, int partition, long offset) {
        return new InboundSend(envelope.getSend().getConversationId(), envelope.getStreamId(),
                envelope.getSend().getClientSeq(), envelope.getSenderId(), envelope.getSystem(),
                partition + ":" + offset);
    }
}
