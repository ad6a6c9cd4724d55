package io.seqline.client.transport;

import io.seqline.proto.v1.ClientFrame;

/** One open socket. Frames are written in call order. */
public interface TransportConnection {

    /** Queues {@code frame} for writing; a write error closes the connection (reported to the listener). */
    void send(ClientFrame frame);

    /** Drops the connection at once; the listener hears {@code onClosed} unless it already did. */
    void close();
}
