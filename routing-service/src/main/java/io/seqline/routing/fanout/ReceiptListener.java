package io.seqline.routing.fanout;

import io.seqline.common.kafka.Topics;
import io.seqline.common.kafka.deadletter.DeadLetters;
import io.seqline.proto.v1.DeviceAddress;
import io.seqline.proto.v1.Receipt;
import io.seqline.proto.v1.ServerFrame;
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
 * Pushes duplicate-acks and rejections to the one device that sent the send, wherever it is connected now
 * (it may have moved since), falling back to the gateway that received the send. A record that is not a
 * Receipt is parked on {@code im.receipts.dlt}.
 */
@Component
class ReceiptListener {

    private final DeviceRoutes routes;
    private final GatewayPusher pusher;
    private final DeadLetters deadLetters;

    ReceiptListener(DeviceRoutes routes, GatewayPusher pusher, DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.routes = routes;
        this.pusher = pusher;
    }

    @KafkaListener(id = "routing-receipts", topics = Topics.RECEIPTS, batch = "true")
    void onBatch(List<ConsumerRecord<String, Receipt>> records) {
        List<Receipt> receipts = new ArrayList<>(records.size());
        Set<String> senders = new LinkedHashSet<>();
        for (ConsumerRecord<String, Receipt> record : records) {
            Receipt receipt = record.value();
            if (receipt == null) {
                deadLetters.park(record, DeadLetters.Reason.UNDECODABLE, DeadLetters.decodeFailure(record));
                continue;
            }
            receipts.add(receipt);
            senders.add(receipt.getSenderId());
        }
        Map<String, Map<String, String>> deviceRoutes = routes.lookup(senders);
        DeliveryPlan plan = new DeliveryPlan();
        for (Receipt receipt : receipts) {
            String gateway = deviceRoutes.getOrDefault(receipt.getSenderId(), Map.of())
                    .getOrDefault(receipt.getSenderDevice(), receipt.getGatewayId());
            if (gateway.isEmpty()) {
                continue;
            }
            ServerFrame.Builder frame = ServerFrame.newBuilder().setRequestId(receipt.getRequestId());
            if (receipt.hasAck()) {
                frame.setSendAck(receipt.getAck());
            } else if (receipt.hasRejected()) {
                frame.setRejected(receipt.getRejected());
            } else {
                continue;
            }
            plan.add(gateway, frame.build(), List.of(DeviceAddress.newBuilder()
                    .setUserId(receipt.getSenderId()).setDeviceId(receipt.getSenderDevice()).build()));
        }
        pusher.push(plan);
    }
}
