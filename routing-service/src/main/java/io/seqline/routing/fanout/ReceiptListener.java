package io.seqline.routing.fanout;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seqline.common.kafka.Topics;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Pushes duplicate-acks and rejections to the one device that sent the send, wherever it is connected now
 * (it may have moved since), falling back to the gateway that received the send.
 */
@Component
class ReceiptListener {

    private static final Logger log = LoggerFactory.getLogger(ReceiptListener.class);

    private final DeviceRoutes routes;
    private final GatewayPusher pusher;

    ReceiptListener(DeviceRoutes routes, GatewayPusher pusher) {
        this.routes = routes;
        this.pusher = pusher;
    }

    @KafkaListener(id = "routing-receipts", topics = Topics.RECEIPTS, batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<Receipt> receipts = new ArrayList<>(records.size());
        Set<String> senders = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Receipt receipt = Receipt.parseFrom(record.value());
                receipts.add(receipt);
                senders.add(receipt.getSenderId());
            } catch (InvalidProtocolBufferException | NullPointerException e) {
                log.warn("skipping unreadable im.receipts record {}-{}", record.partition(), record.offset());
            }
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
