package io.seqline.routing.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.proto.v1.DeviceAddress;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PushItem;
import io.seqline.proto.v1.ServerFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One poll batch's pushes: one batch per gateway, each frame once per gateway with that gateway's devices,
 * frames in the order they were added (the records' order, so each conversation's seq order).
 */
class DeliveryPlanTest {

    private static ServerFrame frame(long seq) {
        return ServerFrame.newBuilder().setMessage(Message.newBuilder().setConversationId("g:team").setSeq(seq)).build();
    }

    private static DeviceAddress device(String user, String device) {
        return DeviceAddress.newBuilder().setUserId(user).setDeviceId(device).build();
    }

    private static List<Long> seqs(DeliveryPlan plan, String gateway) {
        return plan.byGateway().get(gateway).getItemsList().stream().map(i -> i.getFrame().getMessage().getSeq()).toList();
    }

    @Test
    void eachFrameGoesOncePerGatewayWithThatGatewaysDevices() {
        DeliveryPlan plan = new DeliveryPlan();
        DeliveryPlan.FrameTargets first = plan.frame(frame(1));
        first.device("alice", "phone", "gw-1");
        first.device("bob", "laptop", "gw-2");
        first.device("alice", "laptop", "gw-1");
        first.addToPlan();

        assertThat(plan.byGateway()).containsOnlyKeys("gw-1", "gw-2");
        PushItem onGw1 = plan.byGateway().get("gw-1").getItems(0);
        assertThat(plan.byGateway().get("gw-1").getItemsCount()).isEqualTo(1);
        assertThat(onGw1.getTargetsList()).containsExactly(device("alice", "phone"), device("alice", "laptop"));
        assertThat(plan.byGateway().get("gw-2").getItems(0).getTargetsList()).containsExactly(device("bob", "laptop"));
    }

    @Test
    void framesKeepTheOrderTheyWereAddedInOnEveryGateway() {
        DeliveryPlan plan = new DeliveryPlan();
        for (long seq = 1; seq <= 4; seq++) {
            DeliveryPlan.FrameTargets targets = plan.frame(frame(seq));
            targets.device("bob", "laptop", "gw-2");
            if (seq % 2 == 0) {
                targets.device("alice", "phone", "gw-1");
            }
            targets.addToPlan();
        }

        assertThat(seqs(plan, "gw-2")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seqs(plan, "gw-1")).containsExactly(2L, 4L);
    }

    @Test
    void aFrameWithoutDevicesAddsNothing() {
        DeliveryPlan plan = new DeliveryPlan();
        plan.frame(frame(1)).addToPlan();
        plan.add("gw-1", frame(2), List.of());

        assertThat(plan.isEmpty()).isTrue();
    }
}
