package io.seqline.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The frame decoders of both codecs: valid frames round-trip, and random mutations of valid frames
 * (seeded, so a failure can be replayed) only ever produce a frame or a {@link FrameCodec.DecodeException}
 * with a message fit for a client — never another exception.
 */
class FrameCodecTest {

    static final ClientFrame SAMPLE = ClientFrame.newBuilder().setRequestId("r1").setSend(ClientFrame.Send.newBuilder()
            .setConversationId("p:alice:bob").setClientMsgId("m1").setClientSeq(7)
            .setContent(Content.newBuilder().setText("héllo ✓"))).build();
    static final String SAMPLE_JSON = "{\"requestId\":\"r1\",\"send\":{\"conversationId\":\"p:alice:bob\","
            + "\"clientMsgId\":\"m1\",\"clientSeq\":\"7\",\"content\":{\"text\":\"héllo ✓\"}}}";

    @Test
    void bothCodecsDecodeAValidFrame() throws Exception {
        assertThat(FrameCodec.PROTO.decode(Unpooled.wrappedBuffer(SAMPLE.toByteArray()))).isEqualTo(SAMPLE);
        assertThat(FrameCodec.JSON.decode(Unpooled.copiedBuffer(SAMPLE_JSON, StandardCharsets.UTF_8))).isEqualTo(SAMPLE);
        String numeric = SAMPLE_JSON.replace("\"clientSeq\":\"7\"", "\"clientSeq\":7");
        assertThat(FrameCodec.JSON.decode(Unpooled.copiedBuffer(numeric, StandardCharsets.UTF_8))).isEqualTo(SAMPLE);
    }

    @Test
    void invalidUtf8IsRefusedWithAClearMessage() {
        byte[] bytes = {'{', '"', 'r', 'e', 'q', 'u', 'e', 's', 't', 'I', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> FrameCodec.JSON.decode(Unpooled.wrappedBuffer(bytes)))
                .isInstanceOf(FrameCodec.DecodeException.class).hasMessage("frame is not valid UTF-8");
        byte[] proto = SAMPLE.toByteArray().clone();
        int index = new String(proto, StandardCharsets.ISO_8859_1).indexOf("alice");
        proto[index] = (byte) 0xFF;
        assertThatThrownBy(() -> FrameCodec.PROTO.decode(Unpooled.wrappedBuffer(proto)))
                .isInstanceOf(FrameCodec.DecodeException.class);
    }

    @Test
    void aJsonFrameThatFailsToDecodeKeepsItsRequestId() {
        assertThat(refusal(FrameCodec.JSON, "{\"requestId\":\"rq1\",\"send\":{\"conversationId\":\"p:a:b\","
                + "\"clientSeq\":\"not-a-number\"}}").requestId()).isEqualTo("rq1");
        assertThat(refusal(FrameCodec.JSON, "{\"send\":{\"requestId\":\"nested\",\"x\":1},\"requestId\":\"rq2\","
                + "\"senderId\":\"mallory\"}").requestId()).as("only the top-level field").isEqualTo("rq2");
        assertThat(refusal(FrameCodec.JSON, "{\"requestId\":\"rq3\",\"ping\":{}, broken").requestId())
                .as("read up to the point where the JSON breaks").isEqualTo("rq3");
        assertThat(refusal(FrameCodec.JSON, "{this is not json").requestId()).isEmpty();
        assertThat(refusal(FrameCodec.JSON, "{\"requestId\":{\"x\":1},\"ping\":{}}").requestId()).isEmpty();
    }

    @Test
    void aBinaryFrameThatFailsToDecodeKeepsItsRequestId() {
        byte[] valid = ClientFrame.newBuilder().setRequestId("rq1").setPing(ClientFrame.Ping.getDefaultInstance())
                .build().toByteArray();
        byte[] truncatedField = java.util.Arrays.copyOf(valid, valid.length + 2);
        truncatedField[valid.length] = 0x52; // field 10 (send), length-delimited ...
        truncatedField[valid.length + 1] = 0x7F; // ... of 127 bytes that are not there
        assertThat(refusal(FrameCodec.PROTO, truncatedField).requestId()).isEqualTo("rq1");
        assertThat(refusal(FrameCodec.PROTO, new byte[] {(byte) 0xFF, (byte) 0xFF}).requestId()).isEmpty();
    }

    private static FrameCodec.DecodeException refusal(FrameCodec codec, String json) {
        return refusal(codec, json.getBytes(StandardCharsets.UTF_8));
    }

    private static FrameCodec.DecodeException refusal(FrameCodec codec, byte[] bytes) {
        try {
            codec.decode(Unpooled.wrappedBuffer(bytes));
        } catch (FrameCodec.DecodeException e) {
            return e;
        }
        throw new AssertionError("decoded: " + new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void randomMutationsOfValidFramesNeverEscapeAsOtherExceptions() {
        fuzz(FrameCodec.PROTO, SAMPLE.toByteArray(), 20_260_001L);
        fuzz(FrameCodec.JSON, SAMPLE_JSON.getBytes(StandardCharsets.UTF_8), 20_260_002L);
    }

    private static void fuzz(FrameCodec codec, byte[] seedInput, long seed) {
        Random random = new Random(seed);
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input = mutate(seedInput, random);
            try {
                codec.decode(Unpooled.wrappedBuffer(input));
                decoded++;
            } catch (FrameCodec.DecodeException e) {
                assertThat(e.getMessage()).as("seed %d iteration %d", seed, i).isNotBlank()
                        .doesNotContain("Exception:").hasSizeLessThanOrEqualTo(260);
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " iteration " + i + " escaped: " + e, e);
            }
        }
        assertThat(decoded).as("some mutations stay valid").isPositive();
        assertThat(refused).as("some mutations are refused").isPositive();
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] out = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
            case 1 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length + 1));
            case 2 -> {
                byte[] longer = java.util.Arrays.copyOf(out, out.length + 1 + random.nextInt(16));
                for (int k = out.length; k < longer.length; k++) {
                    longer[k] = (byte) random.nextInt(256);
                }
                out = longer;
            }
            default -> {
                int a = random.nextInt(out.length);
                int b = random.nextInt(out.length);
                byte t = out[a];
                out[a] = out[b];
                out[b] = t;
            }
        }
        return out;
    }
}
