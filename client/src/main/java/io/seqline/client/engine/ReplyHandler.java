package io.seqline.client.engine;

import io.seqline.proto.v1.ServerFrame;

/** Waits for the answer to one request frame. */
interface ReplyHandler {

    /** A frame carrying the request's id that is not an {@code error}. */
    void onReply(ServerFrame frame);

    /** An {@code error} frame, a timeout or the loss of the connection. */
    void onFailure(RuntimeException error);
}
