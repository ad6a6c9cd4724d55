package io.seqline.routing.signals;

import io.seqline.common.kafka.Topics;
import io.seqline.common.kafka.deadletter.DeadLetters;
import io.seqline.proto.v1.ServerFrame;
import io.seqline.proto.v1.Signal;
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
 * Pushes ephemeral signals: typing to the other members; read receipts to the other members and to the
 * reader's other devices. A signal from a user who is not a member goes nowhere; a record that is not a
 * Signal is parked on {@code im.signals.dlt}.
 */
@Component
class SignalListener {

    private final ConversationMembers members;
    private final DeviceRoutes routes;
    private final GatewayPusher pusher;
    private final DeadLetters deadLetters;

    SignalListener(ConversationMembers members, DeviceRoutes routes, GatewayPusher pusher, DeadLetters deadLetters) {
        this.members = members;
        this.deadLetters = deadLetters;
        this.routes = routes;
        this.pusher = pusher;
    }

    @KafkaListener(id = "routing-signals", topics = Topics.SIGNALS, batch = "true")
    void onBatch(List<ConsumerRecord<String, Signal>> records) {
        List<Signal> signals = new ArrayList<>();
        List<List<String>> audiences = new ArrayList<>();
        Set<String> users = new LinkedHashSet<>();
        for (ConsumerRecord<String, Signal> record : records) {
            Signal signal = record.value();
            if (signal == null) {
                deadLetters.park(record, DeadLetters.Reason.UNDECODABLE, DeadLetters.decodeFailure(record));
                continue;
            }
            List<String> audience = members.current(signal.getConversationId());
            if (audience.contains(signal.getUserId())) {
                signals.add(signal);
                audiences.add(audience);
                users.addAll(audience);
            }
        }
        Map<String, Map<String, String>> deviceRoutes = routes.lookup(users);
        DeliveryPlan plan = new DeliveryPlan();
        for (int i = 0; i < signals.size(); i++) {
            Signal signal = signals.get(i);
            ServerFrame frame = signal.hasTyping() ? ServerFrame.newBuilder().setTyping(signal.getTyping()).build()
                    : ServerFrame.newBuilder().setReadReceipt(signal.getReadReceipt()).build();
            DeliveryPlan.FrameTargets targets = plan.frame(frame);
            for (String user : audiences.get(i)) {
                boolean self = user.equals(signal.getUserId());
                if (self && signal.hasTyping()) {
                    continue;
                }
                deviceRoutes.getOrDefault(user, Map.of()).forEach((device, gateway) -> {
                    if (!(self && device.equals(signal.getDeviceId()))) {
                        targets.device(user, device, gateway);
                    }
                });
            }
            targets.addToPlan();
        }
        pusher.push(plan);
    }
}
