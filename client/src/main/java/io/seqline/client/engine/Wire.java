package io.seqline.client.engine;

import io.seqline.client.connection.Heartbeat;
import io.seqline.client.ordering.SyncIssuer;
import io.seqline.client.transport.TransportConnection;
import io.seqline.proto.v1.ClientFrame;

/**
 * The outgoing side of the current connection: gives each frame a fresh request id and registers the
 * requests that wait for an answer. Every method returns "not sent" while there is no connection.
 */
final class Wire implements SyncIssuer, RequestSender {

    private final PendingRequests requests;
    private final Heartbeat heartbeat;
    private TransportConnection connection;
    private long requestIds;

    Wire(PendingRequests requests, Heartbeat heartbeat) {
        this.requests = requests;
        this.heartbeat = heartbeat;
    }

    void connection(TransportConnection connection) {
        this.connection = connection;
    }

    TransportConnection connection() {
        return connection;
    }

    /** Sends {@code frame}; returns its request id, or null when not connected. */
    String send(ClientFrame.Builder frame) {
        if (connection == null) {
            return null;
        }
        String requestId = Long.toString(++requestIds, 36);
        connection.send(frame.setRequestId(requestId).build());
        heartbeat.sent();
        return requestId;
    }

    @Override
    public String sync(String conversationId, long afterSeq, int limit) {
        return sync(conversationId, afterSeq, limit, null);
    }

    /** A sync whose reply also goes to {@code handler} (null for the gap timers' own syncs). */
    String sync(String conversationId, long afterSeq, int limit, ReplyHandler handler) {
        String requestId = send(ClientFrame.newBuilder().setSync(ClientFrame.Sync.newBuilder()
                .setConversationId(conversationId).setAfterSeq(afterSeq).setLimit(limit)));
        if (requestId != null) {
            requests.add(requestId, conversationId, afterSeq, handler);
        }
        return requestId;
    }

    @Override
    public boolean request(ClientFrame.Builder frame, ReplyHandler handler) {
        String requestId = send(frame);
        if (requestId != null) {
            requests.add(requestId, "", -1, handler);
        }
        return requestId != null;
    }
}
