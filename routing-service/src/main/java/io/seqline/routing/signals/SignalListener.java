package io.seqline.routing.signals;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seqline.common.kafka.Topics;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Pushes ephemeral signals: typing to the other members; read receipts to the other members and to the
 * reader's other devices. A signal from a user who is not a member goes nowhere.
 */
@Component
class SignalListener {

    private static final Logger log = LoggerFactory.getLogger(SignalListener.class);

    private final ConversationMembers members;
    private final DeviceRoutes routes;
    private final GatewayPusher pusher;

    SignalListener(ConversationMembers members, DeviceRoutes routes, GatewayPusher pusher) {
        this.members = members;
        this.routes = routes;
        this.pusher = pusher;
    }

    @KafkaListener(id = "routing-signals", topics = Topics.SIGNALS, batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<Signal> signals = new ArrayList<>();
        List<List<String>> audiences = new ArrayList<>();
        Set<String> users = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Signal signal = Signal.parseFrom(record.value());
                List<String> audience = members.current(signal.getConversationId());
                if (audience.contains(signal.getUserId())) {
                    signals.add(signal);
                    audiences.add(audience);
                    users.addAll(audience);
                }
            } catch (InvalidProtocolBufferException | NullPointerException e) {
                log.warn("skipping unreadable im.signals record {}-{}", record.partition(), record.offset());
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
