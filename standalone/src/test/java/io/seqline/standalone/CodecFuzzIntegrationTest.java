package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Data;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.Recall;
import io.seqline.proto.v1.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz run of both frame codecs: every kind of client frame, with each field set to hostile values
 * (control characters, lone surrogates, 64-bit edges, huge repeated fields, wrong JSON types, truncated and
 * bit-flipped bytes). Afterwards every fuzzing connection is still open and answers, and an ordinary message
 * is delivered and stored in history. Run another seed with {@code -Dseqline.fuzz.seed=N}.
 */
class CodecFuzzIntegrationTest extends ClusterTest {

    private static final long SEED = Long.getLong("seqline.fuzz.seed", 20261204L);
    private static final int FRAMES_PER_CODEC = 400;
    private static final String[] HOSTILE_STRINGS = {
        "", " ", "\u0000", "a\u0000b", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u2028", "\ufeff", "\uffff",
        "\ud800", "\udfff", "x\ud83d", "\ud83d\ude00", "\u202etxet", "' or 1=1 --", "%00", "../../etc/passwd",
        "p:", "p:a:a", "g:", "g:" + "z".repeat(300), "p:\u0000:b", "\\", "\"", "{}", "null", "9".repeat(40),
    };
    private static final long[] HOSTILE_NUMBERS = {
        0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) - 1, 1L << 53, (1L << 53) + 1, 4294967295L, 4294967296L,
    };

    private final Random random = new Random(SEED);

    @Test
    void hostileFramesOnBothCodecsLeaveEveryConnectionWorkingAndHistoryStoring() throws Exception {
        System.out.println("codec fuzz seed " + SEED);
        String alice = user("fuzz-json");
        String carol = user("fuzz-proto");
        String bob = user("bystander");
        int port = cluster.gatewayClientPort(0);
        try (WsTestClient json = WsTestClient.connect(port, WsTestClient.devToken(port, alice), "d1", null);
             WsTestClient proto = WsTestClient.connectProto(port, WsTestClient.devToken(port, carol), "d1");
             WsTestClient bystander = connect(1, bob)) {
            for (int i = 0; i < FRAMES_PER_CODEC; i++) {
                json.sendRaw(hostileJson(i, alice));
                proto.sendBinary(hostileBytes(i, carol));
            }
            // each connection still answers, in order after everything it was sent
            json.send(ClientFrame.newBuilder().setRequestId("after-fuzz").setPing(ClientFrame.Ping.getDefaultInstance()).build());
            json.await(f -> f.getRequestId().equals("after-fuzz"), Duration.ofSeconds(60));
            proto.sendBinary(ClientFrame.newBuilder().setRequestId("after-fuzz")
                    .setPing(ClientFrame.Ping.getDefaultInstance()).build().toByteArray());
            proto.await(f -> f.getRequestId().equals("after-fuzz"), Duration.ofSeconds(60));
            assertThat(json.closed()).isNotDone();
            assertThat(proto.closed()).isNotDone();
            // hostile input is the client's fault: never answered as a server failure
            for (WsTestClient client : List.of(json, proto)) {
                assertThat(client.frames(f -> f.hasError() && f.getError().getCode().equals("INTERNAL")))
                        .as("INTERNAL answers to hostile frames").isEmpty();
            }

            // and ordinary messages still go through, live and into history
            String fromJson = ConversationIds.direct(alice, bob);
            String fromProto = ConversationIds.direct(carol, bob);
            sendOrdinary(json, fromJson, false);
            sendOrdinary(proto, fromProto, true);
            for (String conversation : List.of(fromJson, fromProto)) {
                bystander.await(f -> f.hasMessage() && f.getMessage().getConversationId().equals(conversation)
                        && f.getMessage().getContent().getText().equals("still here"), Duration.ofSeconds(30));
                List<Message> stored = await().atMost(Duration.ofSeconds(30)).until(() -> sync(bystander, conversation),
                        page -> page.stream().anyMatch(m -> m.getContent().getText().equals("still here")));
                assertThat(stored).isNotEmpty();
            }
        }
    }

    /** An ordinary send after the fuzz, to a conversation the fuzz never wrote to (send streams are per conversation). */
    private static void sendOrdinary(WsTestClient client, String conversation, boolean binary) {
        ClientFrame frame = ClientFrame.newBuilder().setRequestId("ordinary").setSend(ClientFrame.Send.newBuilder()
                .setConversationId(conversation).setClientMsgId("ordinary").setClientSeq(1)
                .setContent(Content.newBuilder().setText("still here"))).build();
        if (binary) {
            client.sendBinary(frame.toByteArray());
        } else {
            client.send(frame);
        }
        ServerFrame echo = client.await(f -> f.hasMessage() && f.getMessage().getClientMsgId().equals("ordinary")
                && f.getMessage().getConversationId().equals(conversation), Duration.ofSeconds(30));
        assertThat(echo.getMessage().getSeq()).isPositive();
    }

    // ---- frame generation -------------------------------------------------------------------------------

    /** A valid frame of a random kind whose fields are drawn from the hostile values. */
    private ClientFrame hostileFrame(int i, String self) {
        String requestId = "fz" + i;
        String conversation = pick(() -> ConversationIds.direct(self, "peer" + random.nextInt(3)), this::hostileString);
        ClientFrame.Builder frame = ClientFrame.newBuilder().setRequestId(random.nextInt(10) == 0 ? hostileString() : requestId);
        switch (random.nextInt(12)) {
            case 0, 1, 2 -> frame.setSend(ClientFrame.Send.newBuilder().setConversationId(conversation)
                    .setClientMsgId(pick(() -> "m" + i, this::hostileString)).setClientSeq(hostileNumber())
                    .setContent(hostileContent()));
            case 3 -> frame.setSync(ClientFrame.Sync.newBuilder().setConversationId(conversation)
                    .setAfterSeq(hostileNumber()).setLimit((int) hostileNumber()));
            case 4 -> frame.setMarkRead(ClientFrame.MarkRead.newBuilder().setConversationId(conversation).setSeq(hostileNumber()));
            case 5 -> frame.setTyping(ClientFrame.Typing.newBuilder().setConversationId(conversation));
            case 6 -> frame.setCreateGroup(ClientFrame.CreateGroup.newBuilder().setName(hostileString())
                    .addAllMemberIds(hostileIds()));
            case 7 -> frame.setAddMembers(ClientFrame.AddMembers.newBuilder().setConversationId(conversation)
                    .addAllUserIds(hostileIds()));
            case 8 -> frame.setRemoveMembers(ClientFrame.RemoveMembers.newBuilder().setConversationId(conversation)
                    .addAllUserIds(hostileIds()));
            case 9 -> frame.setLeaveGroup(ClientFrame.LeaveGroup.newBuilder().setConversationId(conversation));
            case 10 -> frame.setListConversations(ClientFrame.ListConversations.newBuilder()
                    .setPageToken(hostileString()).setLimit((int) hostileNumber()));
            default -> frame.setPing(ClientFrame.Ping.getDefaultInstance());
        }
        return frame.build();
    }

    private Content hostileContent() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> Content.newBuilder().setText(hostileString()).build();
            case 2 -> Content.newBuilder().setData(Data.newBuilder().setMimeType(hostileString())
                    .setPayload(ByteString.copyFrom(bytes(random.nextInt(2048))))).build();
            case 3 -> Content.newBuilder().setRecall(Recall.newBuilder().setTargetSeq(hostileNumber())).build();
            default -> Content.getDefaultInstance();
        };
    }

    /**
     * JSON text: a hostile frame printed, then sometimes broken at the JSON level. Everything outside ASCII is
     * written as a JSON escape, so lone surrogates reach the server as {@code \ud800} escapes (a WebSocket
     * text frame itself must be valid UTF-8, which the client library enforces).
     */
    private String hostileJson(int i, String self) throws Exception {
        String json = asciiOnly(JsonFormat.printer().omittingInsignificantWhitespace().print(hostileFrame(i, self)));
        return switch (random.nextInt(8)) {
            case 0 -> json.substring(0, random.nextInt(json.length())); // truncated
            case 1 -> json.replaceFirst("\"clientSeq\":\"[^\"]*\"", "\"clientSeq\":" + pick(() -> "1e400", () -> "-0",
                    () -> "\"0x10\"", () -> "true", () -> "[1]", () -> "18446744073709551616"));
            case 2 -> json.replaceFirst("\\{", "{\"unknownField\":1,"); // unknown field
            case 3 -> "[".repeat(5000) + "]".repeat(5000); // deep nesting
            case 4 -> json.replace("\"requestId\":", "\"requestId\":\"\\ud800\",\"requestId\":"); // lone surrogate, duplicate key
            default -> json;
        };
    }

    private static String asciiOnly(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int k = 0; k < json.length(); k++) {
            char c = json.charAt(k);
            out.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    /** Binary proto: a hostile frame encoded, then sometimes damaged at the byte level. */
    private byte[] hostileBytes(int i, String self) {
        byte[] bytes = hostileFrame(i, self).toByteArray();
        switch (random.nextInt(6)) {
            case 0 -> {
                return java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
            }
            case 1 -> {
                for (int k = 0; k < 3 && bytes.length > 0; k++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return bytes;
            }
            case 2 -> {
                return bytes(1 + random.nextInt(512)); // noise
            }
            case 3 -> { // a string field that is not UTF-8: field 1 (requestId), length 2, bytes C3 28
                byte[] invalid = {0x0a, 0x02, (byte) 0xc3, 0x28};
                byte[] out = java.util.Arrays.copyOf(invalid, invalid.length + bytes.length);
                System.arraycopy(bytes, 0, out, invalid.length, bytes.length);
                return out;
            }
            default -> {
                return bytes;
            }
        }
    }

    private List<String> hostileIds() {
        List<String> ids = new ArrayList<>();
        int count = random.nextInt(4) == 0 ? 5000 : random.nextInt(4);
        for (int k = 0; k < count; k++) {
            ids.add(count > 100 ? "u" + k : hostileString());
        }
        return ids;
    }

    private String hostileString() {
        return random.nextInt(20) == 0 ? "x".repeat(70_000) : HOSTILE_STRINGS[random.nextInt(HOSTILE_STRINGS.length)];
    }

    private long hostileNumber() {
        return HOSTILE_NUMBERS[random.nextInt(HOSTILE_NUMBERS.length)];
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    private <T> T pick(Supplier<T>... options) {
        return options[random.nextInt(options.length)].get();
    }
}
