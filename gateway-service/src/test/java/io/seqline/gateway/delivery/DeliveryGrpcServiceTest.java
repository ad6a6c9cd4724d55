package io.seqline.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.seqline.gateway.session.ConnectionRegistry;
import io.seqline.gateway.ws.FrameCodec;
import io.seqline.gateway.ws.TestSockets;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.DeliveryGrpc;
import io.seqline.proto.v1.DeviceAddress;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PushBatch;
import io.seqline.proto.v1.PushItem;
import io.seqline.proto.v1.PushResult;
import io.seqline.proto.v1.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Delivery.Push} over gRPC in process: each item's frame reaches its target sockets in batch order,
 * in each socket's codec, flushed by the end of the call; targets without an open socket here are returned
 * as missing, and the delivered count covers the others.
 */
class DeliveryGrpcServiceTest {

    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private Server server;
    private ManagedChannel channel;
    private DeliveryGrpc.DeliveryBlockingStub delivery;

    @BeforeEach
    void start() throws Exception {
        String name = "delivery-" + UUID.randomUUID();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new DeliveryGrpcService(connections)).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        delivery = DeliveryGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel socket(String user, String device, FrameCodec codec) {
        EmbeddedChannel socket = new EmbeddedChannel();
        channels.add(socket);
        connections.add(TestSockets.connection(socket, user, device, codec, 100));
        return socket;
    }

    private static ServerFrame message(long seq) {
        return ServerFrame.newBuilder().setMessage(Message.newBuilder().setConversationId("p:alice:bob").setSeq(seq)
                .setSenderId("alice").setContent(Content.newBuilder().setText("#" + seq))).build();
    }

    private static DeviceAddress device(String user, String device) {
        return DeviceAddress.newBuilder().setUserId(user).setDeviceId(device).build();
    }

    /** What the socket was sent and flushed, as text (JSON frames as they are, binary ones as parsed frames). */
    private static List<String> written(EmbeddedChannel socket) throws Exception {
        List<String> out = new ArrayList<>();
        for (WebSocketFrame frame; (frame = socket.readOutbound()) != null; ) {
            try {
                if (frame instanceof TextWebSocketFrame text) {
                    out.add("json " + text.text());
                } else if (frame instanceof BinaryWebSocketFrame) {
                    out.add("proto " + FrameCodec.toJson(ServerFrame.parseFrom(ByteBufUtil.getBytes(frame.content()))));
                }
            } finally {
                frame.release();
            }
        }
        return out;
    }

    @Test
    void eachFrameReachesItsTargetsInBatchOrderInTheirCodecAndFlushed() throws Exception {
        EmbeddedChannel bobPhone = socket("bob", "phone", FrameCodec.JSON);
        EmbeddedChannel bobLaptop = socket("bob", "laptop", FrameCodec.PROTO);
        EmbeddedChannel alicePhone = socket("alice", "phone", FrameCodec.JSON);

        PushResult result = delivery.push(PushBatch.newBuilder()
                .addItems(PushItem.newBuilder().setFrame(message(1))
                        .addTargets(device("bob", "phone")).addTargets(device("bob", "laptop")).addTargets(device("alice", "phone")))
                .addItems(PushItem.newBuilder().setFrame(message(2)).addTargets(device("bob", "phone")))
                .build());

        assertThat(result.getDelivered()).isEqualTo(4);
        assertThat(result.getMissingList()).isEmpty();
        assertThat(written(bobPhone)).containsExactly("json " + FrameCodec.toJson(message(1)),
                "json " + FrameCodec.toJson(message(2)));
        assertThat(written(bobLaptop)).containsExactly("proto " + FrameCodec.toJson(message(1)));
        assertThat(written(alicePhone)).containsExactly("json " + FrameCodec.toJson(message(1)));
    }

    @Test
    void targetsWithoutAnOpenSocketHereAreReturnedAsMissing() throws Exception {
        EmbeddedChannel bobPhone = socket("bob", "phone", FrameCodec.JSON);
        EmbeddedChannel closed = socket("carol", "tablet", FrameCodec.JSON);
        closed.close();

        PushResult result = delivery.push(PushBatch.newBuilder().addItems(PushItem.newBuilder().setFrame(message(7))
                .addTargets(device("bob", "phone")).addTargets(device("carol", "tablet"))
                .addTargets(device("dave", "gone"))).build());

        assertThat(result.getDelivered()).isEqualTo(1);
        assertThat(result.getMissingList()).containsExactly(device("carol", "tablet"), device("dave", "gone"));
        assertThat(written(bobPhone)).containsExactly("json " + FrameCodec.toJson(message(7)));
    }
}
