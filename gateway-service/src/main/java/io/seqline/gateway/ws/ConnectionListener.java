package io.seqline.gateway.ws;

import io.seqline.proto.v1.ClientFrame;

/** What the WebSocket layer tells the application. Called on the connection's event-loop thread. */
public interface ConnectionListener {

    void onOpen(Connection connection);

    void onFrame(Connection connection, ClientFrame frame);

    /**
     * A frame that could not be decoded; {@code requestId} is what could be read of it ({@code ""} when
     * nothing), {@code problem} is safe to show the client.
     */
    void onBadFrame(Connection connection, String requestId, String code, String problem);

    void onClose(Connection connection);
}
