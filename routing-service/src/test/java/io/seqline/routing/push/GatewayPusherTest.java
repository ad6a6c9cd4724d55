package io.seqline.routing.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqline.common.grpc.DeliveryProperties;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.embedded.FreePorts;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.ServerFrame;
import io.seqline.routing.route.GatewayDirectory;
import io.seqline.testsupport.MutableClock;
import io.seqline.testsupport.RedisExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway whose routes still live in Redis but that cannot be reached costs one failed push, not one per
 * batch: later batches skip it until {@link GatewayPusher#DOWN_FOR} has passed, then one tries it again.
 */
class GatewayPusherTest {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    static SharedRedis connection;

    @BeforeAll
    static void connect() {
        connection = SharedRedis.connect(redis.url());
    }

    @AfterAll
    static void close() {
        connection.close();
    }

    private static DeliveryPlan planFor(String gatewayId) {
        DeliveryPlan plan = new DeliveryPlan();
        DeliveryPlan.FrameTargets targets = plan.frame(ServerFrame.newBuilder()
                .setMessage(Message.newBuilder().setConversationId("p:a:b").setSeq(1)).build());
        targets.device("b", "phone", gatewayId);
        targets.addToPlan();
        return plan;
    }

    private static double pushes(SimpleMeterRegistry meters, String outcome) {
        return meters.get("seqline.routing.pushes").tag("outcome", outcome).counter().count();
    }

    @Test
    void aGatewayThatCannotBeReachedIsSkippedForAWhileThenTriedAgain() {
        String gateway = "gw-" + UUID.randomUUID();
        // its route and address are still in Redis, but nothing listens there any more (the pod died)
        connection.sync().set(RedisKeys.gateway(gateway), "127.0.0.1:" + FreePorts.pick());
        MutableClock clock = new MutableClock();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (GatewayPusher pusher = new GatewayPusher(new GatewayDirectory(connection, clock),
                new DeliveryProperties(0, "delivery-key-0123456789"), meters, clock)) {
            pusher.push(planFor(gateway));
            assertThat(pushes(meters, "failed")).isEqualTo(1);

            pusher.push(planFor(gateway));
            pusher.push(planFor(gateway));
            assertThat(pushes(meters, "gateway_down")).as("skipped without a call").isEqualTo(2);
            assertThat(pushes(meters, "failed")).isEqualTo(1);

            clock.advance(GatewayPusher.DOWN_FOR.plus(Duration.ofMillis(1)));
            pusher.push(planFor(gateway));
            assertThat(pushes(meters, "failed")).as("tried again after the wait").isEqualTo(2);
        }
    }
}
