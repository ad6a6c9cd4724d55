package io.seqline.routing.push;

import io.seqline.proto.v1.DeviceAddress;
import io.seqline.proto.v1.PushBatch;
import io.seqline.proto.v1.PushItem;
import io.seqline.proto.v1.ServerFrame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pushes of one poll batch, grouped per gateway. Within a gateway, frames keep the order they were
 * added in, which is the order of the records (and so the seq order of each conversation).
 */
public final class DeliveryPlan {

    private final Map<String, PushBatch.Builder> byGateway = new LinkedHashMap<>();

    /** Adds one frame for the given devices of one gateway. */
    public void add(String gatewayId, ServerFrame frame, List<DeviceAddress> targets) {
        if (targets.isEmpty()) {
            return;
        }
        byGateway.computeIfAbsent(gatewayId, g -> PushBatch.newBuilder())
                .addItems(PushItem.newBuilder().setFrame(frame).addAllTargets(targets));
    }

    /** Collects the devices one frame goes to; {@link FrameTargets#addToPlan()} adds it once per gateway. */
    public FrameTargets frame(ServerFrame frame) {
        return new FrameTargets(frame);
    }

    /** The target devices of one frame, grouped by the gateway holding their socket. */
    public final class FrameTargets {
        private final ServerFrame frame;
        private final Map<String, List<DeviceAddress>> byGateway = new LinkedHashMap<>();

        private FrameTargets(ServerFrame frame) {
            this.frame = frame;
        }

        public void device(String userId, String deviceId, String gatewayId) {
            byGateway.computeIfAbsent(gatewayId, g -> new java.util.ArrayList<>())
                    .add(DeviceAddress.newBuilder().setUserId(userId).setDeviceId(deviceId).build());
        }

        public void addToPlan() {
            byGateway.forEach((gateway, devices) -> add(gateway, frame, devices));
        }
    }

    public Map<String, PushBatch.Builder> byGateway() {
        return byGateway;
    }

    public boolean isEmpty() {
        return byGateway.isEmpty();
    }
}
