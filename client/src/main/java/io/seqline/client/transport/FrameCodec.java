package io.seqline.client.transport;

import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ServerFrame;

/**
 * How frames travel on the socket (docs/protocol.md#codecs): {@link #proto()} binary protobuf frames (the server's
 * default) or {@link #json()} proto3 JSON text frames. One WebSocket message carries one frame.
 */
public interface FrameCodec {

    /** Binary frames, protobuf encoding. */
    static FrameCodec proto() {
        return ProtoFrameCodec.INSTANCE;
    }

    /** Text frames, proto3 JSON mapping (uint64 printed as strings; unknown server fields ignored). */
    static FrameCodec json() {
        return JsonFrameCodec.INSTANCE;
    }

    /** The value of the {@code codec} query parameter of the upgrade request. */
    String queryValue();

    /** True for text frames (the payload is UTF-8), false for binary frames. */
    boolean textFrames();

    byte[] encode(ClientFrame frame);

    /**
     * Decodes one whole WebSocket message.
     *
     * @throws IllegalArgumentException when the payload is not a ServerFrame
     */
    ServerFrame decode(byte[] payload);
}
