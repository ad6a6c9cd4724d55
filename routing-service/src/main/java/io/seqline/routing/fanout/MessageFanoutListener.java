package io.seqline.routing.fanout;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seqline.common.kafka.Topics;
import io.seqline.proto.v1.DeviceAddress;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.ServerFrame;
import io.seqline.routing.push.DeliveryPlan;
import io.seqline.routing.push.GatewayPusher;
import io.seqline.routing.route.DeviceRoutes;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Pushes every sequenced message to every connected device of its conversation's members, the sender's
 * own devices included (that echo is the sender's ack), batched per gateway.
 */
@Component
class MessageFanoutListener {

    private static final Logger log = LoggerFactory.getLogger(MessageFanoutListener.class);

    private final Recipients recipients;
    private final DeviceRoutes routes;
    private final GatewayPusher pusher;

    MessageFanoutListener(Recipients recipients, DeviceRoutes routes, GatewayPusher pusher) {
        this.recipients = recipients;
        this.routes = routes;
        this.pusher = pusher;
    }

    @KafkaListener(id = "routing-messages", topics = Topics.MESSAGES, batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<Message> messages = new ArrayList<>(records.size());
        Set<String> users = new LinkedHashSet<>();
        Map<String, List<String>> membersByConversation = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Message message = Message.parseFrom(record.value());
                messages.add(message);
                users.addAll(membersByConversation.computeIfAbsent(message.getConversationId(), recipients::of));
            } catch (InvalidProtocolBufferException | NullPointerException e) {
                log.warn("skipping unreadable im.messages record {}-{}", record.partition(), record.offset());
            }
        }
        Map<String, Map<String, String>> deviceRoutes = routes.lookup(users);
        DeliveryPlan plan = new DeliveryPlan();
        for (Message message : messages) {
            ServerFrame frame = ServerFrame.newBuilder().setMessage(message).build();
            Map<String, List<DeviceAddress>> targets = new HashMap<>();
            for (String user : membersByConversation.get(message.getConversationId())) {
                deviceRoutes.getOrDefault(user, Map.of()).forEach((device, gateway) ->
                        targets.computeIfAbsent(gateway, g -> new ArrayList<>())
                                .add(DeviceAddress.newBuilder().setUserId(user).setDeviceId(device).build()));
            }
            targets.forEach((gateway, devices) -> plan.add(gateway, frame, devices));
        }
        pusher.push(plan);
    }
}
