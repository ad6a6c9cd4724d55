package io.seqline.client;

import io.seqline.proto.v1.ServerFrame;

/** Connection life cycle, for status displays and tests. Called on the client's event-loop thread. */
public interface ClientEventListener {

    /** A socket is open (the {@code n}-th of this client, from 1). */
    default void onConnected(int n) {
    }

    /** The server's {@code welcome} on the current socket. */
    default void onWelcome(ServerFrame.Welcome welcome) {
    }

    /** The socket is gone; the client reconnects by itself. */
    default void onDisconnected(String reason) {
    }
}
