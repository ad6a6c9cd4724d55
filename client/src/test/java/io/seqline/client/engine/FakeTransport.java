package io.seqline.client.engine;

import io.seqline.client.transport.FrameCodec;
import io.seqline.client.transport.Transport;
import io.seqline.client.transport.TransportConnection;
import io.seqline.client.transport.TransportListener;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ServerFrame;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** An in-memory network: every open succeeds (unless refused) and the test plays the server. */
final class FakeTransport implements Transport {

    final List<URI> opened = new ArrayList<>();
    final List<Socket> sockets = new ArrayList<>();
    boolean refuse;

    /** One connection; {@link #sent} is what the client wrote on it. */
    static final class Socket implements TransportConnection {
        final List<ClientFrame> sent = new ArrayList<>();
        final TransportListener listener;
        boolean closed;

        Socket(TransportListener listener) {
            this.listener = listener;
        }

        @Override
        public void send(ClientFrame frame) {
            if (!closed) {
                sent.add(frame);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                listener.onClosed("closed by the client");
            }
        }

        void push(ServerFrame frame) {
            listener.onFrame(frame);
        }

        /** The network drops the socket. */
        void cut() {
            closed = true;
            listener.onClosed("cut");
        }

        List<ClientFrame> sent(Predicate<ClientFrame> match) {
            return sent.stream().filter(match).toList();
        }
    }

    @Override
    public CompletableFuture<TransportConnection> open(URI uri, FrameCodec codec, TransportListener listener) {
        opened.add(uri);
        if (refuse) {
            return CompletableFuture.failedFuture(new java.net.ConnectException("refused"));
        }
        Socket socket = new Socket(listener);
        sockets.add(socket);
        return CompletableFuture.completedFuture(socket);
    }

    Socket current() {
        return sockets.get(sockets.size() - 1);
    }
}
