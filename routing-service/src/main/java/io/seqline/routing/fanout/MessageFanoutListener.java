package io.seqline.routing.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seqline.common.kafka.Topics;
import io.seqline.common.kafka.deadletter.DeadLetters;
import io.seqline.common.tracing.RecordTracing;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.ServerFrame;
import io.seqline.routing.offline.OfflineNotices;
import io.seqline.routing.push.DeliveryPlan;
import io.seqline.routing.push.GatewayPusher;
import io.seqline.routing.route.DeviceRoutes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Pushes every sequenced event to every connected device of its recipients, the sender's own devices
 * included (that echo is the sender's ack), one batch per gateway; recipients with no connected device
 * get an offline notice instead.
 */
@Component
class MessageFanoutListener {

    private final Recipients recipients;
    private final DeviceRoutes routes;
    private final GatewayPusher pusher;
    private final DeadLetters deadLetters;
    private final OfflineNotices offline;
    private final RecordTracing tracing;
    private final SeenSeqs seen;
    private final java.time.Clock clock;
    private final Counter routed;
    /** End-to-end latency: from the seq being issued (the message's serverTimeMs) to the push being done. */
    private final Timer latency;

    MessageFanoutListener(Recipients recipients, DeviceRoutes routes, GatewayPusher pusher, OfflineNotices offline,
                          RecordTracing tracing, SeenSeqs seen, DeadLetters deadLetters, java.time.Clock clock,
                          MeterRegistry meters) {
        this.tracing = tracing;
        this.deadLetters = deadLetters;
        this.seen = seen;
        this.recipients = recipients;
        this.routes = routes;
        this.pusher = pusher;
        this.offline = offline;
        this.clock = clock;
        this.routed = Counter.builder("seqline.routing.messages")
                .description("Sequenced messages fanned out to their recipients' gateways").register(meters);
        this.latency = Timer.builder("seqline.routing.delivery.latency")
                .description("From seq issued (message serverTimeMs) to pushed to the gateways")
                .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofMillis(1))
                .maximumExpectedValue(java.time.Duration.ofSeconds(30)).register(meters);
    }

    @KafkaListener(id = "routing-messages", topics = Topics.MESSAGES, batch = "true")
    void onBatch(List<ConsumerRecord<String, Message>> records) {
        List<Message> messages = new ArrayList<>(records.size());
        List<List<String>> recipientsOf = new ArrayList<>(records.size());
        Set<String> users = new LinkedHashSet<>();
        for (ConsumerRecord<String, Message> record : records) {
            Message message = record.value();
            if (message == null) {
                deadLetters.park(record, DeadLetters.Reason.UNDECODABLE, DeadLetters.decodeFailure(record));
                continue;
            }
            // resolving the recipients is this message's routing hop in its trace
            tracing.inSpanOf(record, "route", () -> {
                if (!seen.firstTime(message)) {
                    return; // a repeat of a message routed before (the sequencer re-emitted its batch)
                }
                List<String> to = recipients.of(message);
                messages.add(message);
                recipientsOf.add(to);
                users.addAll(to);
            });
        }
        Map<String, Map<String, String>> deviceRoutes = routes.lookup(users);
        DeliveryPlan plan = new DeliveryPlan();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            DeliveryPlan.FrameTargets targets = plan.frame(ServerFrame.newBuilder().setMessage(message).build());
            for (String user : recipientsOf.get(i)) {
                Map<String, String> devices = deviceRoutes.getOrDefault(user, Map.of());
                if (devices.isEmpty() && !user.equals(message.getSenderId()) && OfflineNotices.notifies(message)) {
                    offline.publish(user, message);
                }
                devices.forEach((device, gateway) -> targets.device(user, device, gateway));
            }
            targets.addToPlan();
        }
        pusher.push(plan);
        long now = clock.millis();
        for (Message message : messages) {
            latency.record(Math.max(0, now - message.getServerTimeMs()), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        routed.increment(messages.size());
    }
}
