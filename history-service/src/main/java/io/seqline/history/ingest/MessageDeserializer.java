package io.seqline.history.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seqline.proto.v1.Message;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The value deserializer of {@code im.messages}: a {@link Message} with a conversation and a seq, or a
 * {@link SerializationException}. It runs behind spring-kafka's {@code ErrorHandlingDeserializer}
 * (history-service.yml), which turns the exception into a record with a null value and the failure in a
 * header, so one bad record reaches the listener instead of failing the whole poll.
 */
public class MessageDeserializer implements Deserializer<Message> {

    @Override
    public Message deserialize(String topic, byte[] data) {
        if (data == null) {
            throw new SerializationException("no value (expected: a seqline.v1.Message)");
        }
        Message message;
        try {
            message = Message.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new SerializationException("not a seqline.v1.Message: " + e.getMessage(), e);
        }
        if (message.getConversationId().isEmpty() || message.getSeq() == 0) {
            throw new SerializationException("not a log event: conversationId and seq are required");
        }
        return message;
    }
}
