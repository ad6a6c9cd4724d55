package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Data;
import io.seqline.proto.v1.DeliveryGrpc;
import io.seqline.proto.v1.DeviceAddress;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PushBatch;
import io.seqline.proto.v1.PushItem;
import io.seqline.proto.v1.ServerFrame;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A client that stops reading fills only its own bounded queue, is closed, and nobody else notices. */
class SlowClientIntegrationTest extends ClusterTest {

    /** A raw socket that completes the WebSocket upgrade, then never reads again, with a tiny receive buffer. */
    static java.net.Socket upgradeAndStopReading(int port, String token, String device) throws Exception {
        java.net.Socket socket = new java.net.Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        String request = "GET /ws?codec=json&token=" + token + "&device=" + device + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] head = new byte[12];
        int read = socket.getInputStream().readNBytes(head, 0, head.length);
        assertThat(new String(head, 0, read, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
        return socket;
    }

    @Test
    void aClientThatStopsReadingIsClosedAndOthersAreServed() throws Exception {
        String stuck = user("stuck");
        String fine = user("fine");
        int port = cluster.gatewayClientPort(0);
        java.net.Socket stalled = upgradeAndStopReading(port, WsTestClient.devToken(port, stuck), "phone");
        ManagedChannel channel = channel(cluster.gatewayDeliveryPort(0));
        try (WsTestClient other = connect(0, fine)) {
            DeliveryGrpc.DeliveryBlockingStub delivery = DeliveryGrpc.newBlockingStub(channel)
                    .withCallCredentials(new io.seqline.common.grpc.AdminKeyCredentials(cluster.deliveryKey()));
            ServerFrame big = ServerFrame.newBuilder().setMessage(Message.newBuilder().setConversationId("p:a:" + stuck)
                    .setSeq(1).setContent(Content.newBuilder().setData(Data.newBuilder().setMimeType("application/octet-stream")
                            .setPayload(ByteString.copyFrom(new byte[8192]))))).build();
            PushItem item = PushItem.newBuilder().setFrame(big)
                    .addTargets(DeviceAddress.newBuilder().setUserId(stuck).setDeviceId("phone")).build();
            PushBatch batch = PushBatch.newBuilder().addAllItems(java.util.Collections.nCopies(500, item)).build();
            PushBatch small = PushBatch.newBuilder().addItems(PushItem.newBuilder()
                    .setFrame(ServerFrame.newBuilder().setPong(ServerFrame.Pong.newBuilder().setServerTimeMs(1)))
                    .addTargets(DeviceAddress.newBuilder().setUserId(stuck).setDeviceId("phone"))).build();
            // push until the gateway gives the socket up: it is then gone from the gateway (a push finds it missing)
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                delivery.push(batch);
                return delivery.push(small).getMissingCount() == 1;
            });

            other.sendRaw("{\"requestId\":\"still-here\",\"ping\":{}}");
            assertThat(other.await(f -> f.getRequestId().equals("still-here")).hasPong()).isTrue();
            assertThat(cluster.gatewayClientPort(0)).isEqualTo(port); // and the gateway is still the same one
        } finally {
            stalled.close();
            channel.shutdownNow();
        }
    }
}
