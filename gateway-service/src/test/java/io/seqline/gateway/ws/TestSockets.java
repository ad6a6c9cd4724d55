package io.seqline.gateway.ws;

import io.netty.channel.Channel;

/** Connections over a test channel (e.g. Netty's {@code EmbeddedChannel}), for tests outside this package. */
public final class TestSockets {

    private TestSockets() {
    }

    /** A connection of {@code userId}'s {@code deviceId} speaking {@code codec}, as a completed handshake makes it. */
    public static Connection connection(Channel channel, String userId, String deviceId, FrameCodec codec,
                                        int maxQueuedFrames) {
        return new Connection(channel, new Session(userId, deviceId, "stream-" + deviceId, codec), maxQueuedFrames);
    }
}
