package io.seqline.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.ServerFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private final ClientFrame send = ClientFrame.newBuilder().setRequestId("7").setSend(ClientFrame.Send.newBuilder()
            .setConversationId("p:alice:bob").setClientMsgId("m1").setClientSeq(9007199254740991L)
            .setContent(Content.newBuilder().setText("hi"))).build();

    @Test
    void jsonPrintsTheContractsFieldNamesAndUint64AsStrings() {
        String json = new String(FrameCodec.json().encode(send), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"requestId\":\"7\",\"send\":{\"conversationId\":\"p:alice:bob\","
                + "\"clientMsgId\":\"m1\",\"clientSeq\":\"9007199254740991\",\"content\":{\"text\":\"hi\"}}}");
        assertThat(FrameCodec.json().textFrames()).isTrue();
    }

    @Test
    void jsonReadsUint64AsStringOrNumberAndIgnoresFieldsOfANewerServer() {
        ServerFrame frame = FrameCodec.json().decode(("{\"requestId\":\"3\",\"syncResult\":{\"conversationId\":\"c\","
                + "\"throughSeq\":\"12\",\"maxSeq\":15,\"futureField\":true}}").getBytes(StandardCharsets.UTF_8));
        assertThat(frame.getSyncResult().getThroughSeq()).isEqualTo(12);
        assertThat(frame.getSyncResult().getMaxSeq()).isEqualTo(15);
    }

    @Test
    void protoRoundTripsBinaryFrames() throws Exception {
        ServerFrame welcome = ServerFrame.newBuilder().setWelcome(ServerFrame.Welcome.newBuilder().setUserId("alice")).build();
        assertThat(FrameCodec.proto().decode(welcome.toByteArray())).isEqualTo(welcome);
        assertThat(ClientFrame.parseFrom(FrameCodec.proto().encode(send))).isEqualTo(send);
        assertThat(FrameCodec.proto().textFrames()).isFalse();
    }

    @Test
    void aPayloadThatIsNotAFrameIsRefused() {
        assertThatThrownBy(() -> FrameCodec.json().decode("{nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameCodec.proto().decode(new byte[] {(byte) 0xff, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUpgradeUriCarriesTokenDeviceStreamAndCodec() {
        assertThat(UpgradeUri.of(URI.create("ws://127.0.0.1:8080"), "a.b+c", "laptop", "s-1", FrameCodec.json()))
                .hasToString("ws://127.0.0.1:8080/ws?token=a.b%2Bc&device=laptop&stream=s-1&codec=json");
        assertThat(UpgradeUri.of(URI.create("wss://chat.example/im/ws"), "t", "d", "s", FrameCodec.proto()))
                .hasToString("wss://chat.example/im/ws?token=t&device=d&stream=s&codec=proto");
        assertThatThrownBy(() -> UpgradeUri.of(URI.create("http://x"), "t", "d", "s", FrameCodec.proto()))
                .hasMessageContaining("expected: ws:// or wss://");
    }
}
