package io.seqline.client.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ServerFrame;

/** Binary frames carrying protobuf-encoded frames. */
final class ProtoFrameCodec implements FrameCodec {

    static final ProtoFrameCodec INSTANCE = new ProtoFrameCodec();

    private ProtoFrameCodec() {
    }

    @Override
    public String queryValue() {
        return "proto";
    }

    @Override
    public boolean textFrames() {
        return false;
    }

    @Override
    public byte[] encode(ClientFrame frame) {
        return frame.toByteArray();
    }

    @Override
    public ServerFrame decode(byte[] payload) {
        try {
            return ServerFrame.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a ServerFrame: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "proto";
    }
}
