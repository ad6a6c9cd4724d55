package io.seqline.common.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.Receipt;
import io.seqline.proto.v1.Signal;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The value deserializer of every Seqline topic: the protobuf type of the topic, checked for the fields its
 * consumers cannot do without, or a {@link SerializationException}. Services run it behind spring-kafka's
 * {@code ErrorHandlingDeserializer} (their yml), which turns the exception into a record with a null value
 * and the failure (with the original bytes) in a header, so one bad record reaches the listener, which parks
 * it on the topic's dead-letter topic, instead of failing every poll of its partition.
 *
 * <table>
 *   <caption>types and required fields by topic</caption>
 *   <tr><td>{@code im.inbound}</td><td>{@link InboundEnvelope} with a send</td></tr>
 *   <tr><td>{@code im.messages}</td><td>{@link Message} with a conversation and a seq</td></tr>
 *   <tr><td>{@code im.receipts}</td><td>{@link Receipt} with a sender</td></tr>
 *   <tr><td>{@code im.signals}</td><td>{@link Signal} with a conversation</td></tr>
 * </table>
 */
public class RecordDeserializer implements Deserializer<Object> {

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            throw new SerializationException("no value (expected: " + typeOf(topic) + ")");
        }
        try {
            return switch (topic) {
                case Topics.INBOUND -> require(InboundEnvelope.parseFrom(data), e -> e.hasSend()
                        && !e.getSend().getConversationId().isEmpty(), "an InboundEnvelope needs a send with a conversationId");
                case Topics.MESSAGES -> require(Message.parseFrom(data), m -> !m.getConversationId().isEmpty()
                        && m.getSeq() > 0, "not a log event: conversationId and seq are required");
                case Topics.RECEIPTS -> require(Receipt.parseFrom(data), r -> !r.getSenderId().isEmpty(),
                        "a Receipt needs a senderId");
                case Topics.SIGNALS -> require(Signal.parseFrom(data), s -> !s.getConversationId().isEmpty(),
                        "a Signal needs a conversationId");
                default -> throw new SerializationException("no record type is known for topic " + topic);
            };
        } catch (InvalidProtocolBufferException e) {
            throw new SerializationException("not a seqline.v1." + typeOf(topic) + ": " + e.getMessage(), e);
        }
    }

    private static <T> T require(T value, java.util.function.Predicate<T> check, String problem) {
        if (!check.test(value)) {
            throw new SerializationException(problem);
        }
        return value;
    }

    private static String typeOf(String topic) {
        return switch (topic) {
            case Topics.INBOUND -> "InboundEnvelope";
            case Topics.MESSAGES -> "Message";
            case Topics.RECEIPTS -> "Receipt";
            case Topics.SIGNALS -> "Signal";
            default -> "a Seqline record";
        };
    }
}
