package io.seqline.gateway.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ServerFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The two client codecs: {@code proto} (binary frames, protobuf) and {@code json} (text frames, proto3
 * JSON mapping; unknown fields are refused; uint64 accepted as number or string, printed as string).
 */
public enum FrameCodec {
    PROTO, JSON;

    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .omittingInsignificantWhitespace()
            .alwaysPrintFieldsWithNoPresence();

    /**
     * Thrown for a frame that is not a valid ClientFrame; the message is safe to show the client. It carries
     * the frame's requestId when that much could be read ({@code ""} otherwise), for the answer.
     */
    public static final class DecodeException extends Exception {
        private final String requestId;

        DecodeException(String requestId, String message) {
            super(message, null, false, false);
            this.requestId = requestId;
        }

        public String requestId() {
            return requestId;
        }
    }

    public static FrameCodec fromParameter(String value) {
        if (value == null || value.isEmpty() || value.equals("proto")) {
            return PROTO;
        }
        if (value.equals("json")) {
            return JSON;
        }
        throw new IllegalArgumentException("codec: " + value + " (expected: json or proto)");
    }

    public ClientFrame decode(ByteBuf content) throws DecodeException {
        byte[] bytes = ByteBufUtil.getBytes(content);
        if (this == PROTO) {
            try {
                return ClientFrame.parseFrom(bytes);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                throw new DecodeException(RequestIds.fromProto(bytes), "not a ClientFrame: " + shorten(e.getMessage()));
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException("", "frame is not valid UTF-8");
        }
        try {
            ClientFrame.Builder frame = ClientFrame.newBuilder();
            PARSER.merge(text, frame);
            return frame.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // the JSON parser reports some shapes (deep nesting, bad numbers) with unchecked exceptions
            throw new DecodeException(RequestIds.fromJson(text), "not a ClientFrame: " + shorten(e.getMessage()));
        }
    }

    /** proto3 JSON text of a frame (used once per frame, shared by every JSON connection it goes to). */
    public static String toJson(ServerFrame frame) {
        try {
            return PRINTER.print(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parser messages may start with an exception class name ("com.google.gson...Exception: "): keep the rest. */
    private static final java.util.regex.Pattern CLASS_PREFIX =
            java.util.regex.Pattern.compile("^([a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error): ");

    private static String shorten(String message) {
        if (message == null) {
            return "";
        }
        String clean = CLASS_PREFIX.matcher(message).replaceFirst("");
        return clean.length() <= 200 ? clean : clean.substring(0, 197) + "...";
    }
}
