package io.seqline.standalone.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.Message;
import io.seqline.standalone.SharedClusterTest;
import io.seqline.testsupport.OtlpReceiverExtension.ReceivedSpan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * One message can be followed across services: the sequenced record continues the trace of the send, and
 * every service on its path exports its span of that trace to the OpenTelemetry collector.
 */
class TracePropagationIntegrationTest extends SharedClusterTest {

    @Test
    void theSequencedMessageCarriesTheTraceOfTheSend() throws Exception {
        Map<String, String> traceByTopic = sendAndReadTraceparents("follow me");
        // traceparent = version-traceId-spanId-flags: the same trace, a new span
        String[] sent = traceByTopic.get("im.inbound").split("-");
        String[] sequenced = traceByTopic.get("im.messages").split("-");
        assertThat(sequenced[1]).isEqualTo(sent[1]);
        assertThat(sequenced[2]).isNotEqualTo(sent[2]);
    }

    /** The spans go out over OTLP: the test cluster exports to a local collector, as a deployment would. */
    @Test
    void everyServiceOnTheMessagesPathExportsItsSpanOfThatTraceOverOtlp() throws Exception {
        String traceId = sendAndReadTraceparents("export me").get("im.messages").split("-")[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(exportedSpans())
                .filteredOn(span -> span.traceId().equals(traceId))
                .extracting(ReceivedSpan::service)
                .contains("gateway-service", "sequence-service", "routing-service"));
    }

    /** Sends one message and returns the traceparent header of its im.inbound and im.messages records. */
    private static Map<String, String> sendAndReadTraceparents(String text) throws Exception {
        String alice = user("traced");
        String conversation = ConversationIds.direct(alice, user("bob"));
        String clientMsgId = "m1";
        Map<String, String> traceByTopic = new HashMap<>();
        try (var a = connectClient(0, alice);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafkaBootstrap(),
                     "group.id", "trace-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                     "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of("im.inbound", "im.messages"));
            a.sendText(conversation, 1, text);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!conversation.equals(record.key())) {
                        continue;
                    }
                    boolean ours = record.topic().equals("im.inbound")
                            ? InboundEnvelope.parseFrom(record.value()).getSend().getClientMsgId().equals(clientMsgId)
                            : Message.parseFrom(record.value()).getClientMsgId().equals(clientMsgId);
                    Header traceparent = record.headers().lastHeader("traceparent");
                    if (ours && traceparent != null) {
                        traceByTopic.put(record.topic(), new String(traceparent.value(), StandardCharsets.UTF_8));
                    }
                }
                return traceByTopic.size() == 2;
            });
        }
        return traceByTopic;
    }
}
