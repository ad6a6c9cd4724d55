package io.seqline.client.transport;

import io.seqline.proto.v1.ServerFrame;

/** What a connection reports: frames in arrival order, then at most one close. */
public interface TransportListener {

    void onFrame(ServerFrame frame);

    /** The connection is gone (closed by either side or failed); called at most once. */
    void onClosed(String reason);
}
