package io.seqline.client.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ServerFrame;
import java.nio.charset.StandardCharsets;

/**
 * Text frames carrying the proto3 JSON mapping. Fields a newer server adds are ignored, so an older
 * client keeps working; what the client prints has only fields the server knows.
 */
final class JsonFrameCodec implements FrameCodec {

    static final JsonFrameCodec INSTANCE = new JsonFrameCodec();

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private JsonFrameCodec() {
    }

    @Override
    public String queryValue() {
        return "json";
    }

    @Override
    public boolean textFrames() {
        return true;
    }

    @Override
    public byte[] encode(ClientFrame frame) {
        try {
            return PRINTER.print(frame).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + frame.getKindCase(), e);
        }
    }

    @Override
    public ServerFrame decode(byte[] payload) {
        ServerFrame.Builder frame = ServerFrame.newBuilder();
        try {
            PARSER.merge(new String(payload, StandardCharsets.UTF_8), frame);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IllegalArgumentException("not a ServerFrame: " + e.getMessage(), e);
        }
        return frame.build();
    }

    @Override
    public String toString() {
        return "json";
    }
}
