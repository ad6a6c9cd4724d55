package io.seqline.gateway.ws;

/** Who is on a connection, decided before the WebSocket upgrade. */
public record Session(String userId, String deviceId, String streamId, FrameCodec codec) {
}
