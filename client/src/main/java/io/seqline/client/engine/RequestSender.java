package io.seqline.client.engine;

import io.seqline.proto.v1.ClientFrame;

/** Sends a request frame and routes its answer to a handler. */
interface RequestSender {

    /**
     * Sends {@code frame} with a fresh request id.
     *
     * @return false (and the handler is not called) when there is no connection
     */
    boolean request(ClientFrame.Builder frame, ReplyHandler handler);
}
