package io.seqline.client.it;

import io.seqline.client.transport.FrameCodec;
import io.seqline.client.transport.JdkWebSocketTransport;
import io.seqline.client.transport.Transport;
import io.seqline.client.transport.TransportConnection;
import io.seqline.client.transport.TransportListener;
import io.seqline.proto.v1.ServerFrame;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** The JDK transport with a switch that loses every answer to a send on its way in (the socket stays up). */
final class DeafTransport implements Transport {

    private volatile boolean deaf;

    void deaf(boolean value) {
        deaf = value;
    }

    @Override
    public CompletableFuture<TransportConnection> open(URI uri, FrameCodec codec, TransportListener listener) {
        return JdkWebSocketTransport.shared().open(uri, codec, new TransportListener() {
            @Override
            public void onFrame(ServerFrame frame) {
                boolean answer = frame.hasMessage() || frame.hasSendAck() || frame.hasRejected();
                if (!(deaf && answer)) {
                    listener.onFrame(frame);
                }
            }

            @Override
            public void onClosed(String reason) {
                listener.onClosed(reason);
            }
        });
    }
}
