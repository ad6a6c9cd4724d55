package io.seqline.gateway.client;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.seqline.gateway.limits.RateLimits;
import io.seqline.gateway.observability.EdgeRejections;
import io.seqline.gateway.session.ConnectionRegistry;
import io.seqline.gateway.session.RouteRegistry;
import io.seqline.gateway.ws.Connection;
import io.seqline.gateway.ws.ConnectionListener;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ServerFrame;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Opens and closes sessions and sends each client frame to its handler. */
@Component
class ClientFrameDispatcher implements ConnectionListener {

    private final ConnectionRegistry connections;
    private final RouteRegistry routes;
    private final SendHandler sends;
    private final SyncHandler syncs;
    private final ConversationHandler conversations;
    private final GroupHandler groups;
    private final RateLimits limits;
    private final EdgeRejections rejections;
    private final Clock clock;

    ClientFrameDispatcher(ConnectionRegistry connections, RouteRegistry routes, SendHandler sends, SyncHandler syncs,
                          ConversationHandler conversations, GroupHandler groups, RateLimits limits,
                          EdgeRejections rejections, Clock clock) {
        this.connections = connections;
        this.routes = routes;
        this.sends = sends;
        this.syncs = syncs;
        this.conversations = conversations;
        this.groups = groups;
        this.limits = limits;
        this.rejections = rejections;
        this.clock = clock;
    }

    @Override
    public void onOpen(Connection connection) {
        Connection replaced = connections.add(connection);
        if (replaced != null && replaced != connection) {
            replaced.close(WebSocketCloseStatus.POLICY_VIOLATION, "replaced by a newer connection of this device");
        }
        routes.register(connection);
        connection.send(ServerFrame.newBuilder().setWelcome(ServerFrame.Welcome.newBuilder()
                .setUserId(connection.userId())
                .setDeviceId(connection.deviceId())
                .setStreamId(connection.session().streamId())
                .setServerTimeMs(clock.millis())).build());
    }

    @Override
    public void onFrame(Connection connection, ClientFrame frame) {
        String requestId = frame.getRequestId();
        if (!limits.allowFrame(connection) || (frame.hasSend() && !limits.allowSend(connection))) {
            rateLimited(connection, requestId, frame);
            return;
        }
        String problem = FrameTextChecks.problem(frame);
        if (problem != null) {
            connection.send(ClientErrors.error(requestId, "INVALID", problem));
            return;
        }
        switch (frame.getKindCase()) {
            case SEND -> sends.handle(connection, requestId, frame.getSend());
            case SYNC -> syncs.handle(connection, requestId, frame.getSync());
            case LIST_CONVERSATIONS -> conversations.list(connection, requestId, frame.getListConversations());
            case MARK_READ -> conversations.markRead(connection, requestId, frame.getMarkRead());
            case TYPING -> conversations.typing(connection, requestId, frame.getTyping());
            case CREATE_GROUP -> groups.create(connection, requestId, frame.getCreateGroup());
            case ADD_MEMBERS -> groups.add(connection, requestId, frame.getAddMembers());
            case REMOVE_MEMBERS -> groups.remove(connection, requestId, frame.getRemoveMembers());
            case LEAVE_GROUP -> groups.leave(connection, requestId, frame.getLeaveGroup());
            case PING -> connection.send(ServerFrame.newBuilder().setRequestId(requestId)
                    .setPong(ServerFrame.Pong.newBuilder().setServerTimeMs(clock.millis())).build());
            case KIND_NOT_SET -> connection.send(ClientErrors.error(requestId, "BAD_FRAME", "frame has no kind"));
        }
    }

    private void rateLimited(Connection connection, String requestId, ClientFrame frame) {
        rejections.count(io.seqline.proto.v1.RejectReason.RATE_LIMITED);
        if (frame.hasSend()) {
            ClientFrame.Send send = frame.getSend();
            connection.send(ServerFrame.newBuilder().setRequestId(requestId).setRejected(ServerFrame.Rejected.newBuilder()
                    .setConversationId(send.getConversationId()).setClientMsgId(send.getClientMsgId())
                    .setClientSeq(send.getClientSeq()).setReason(io.seqline.proto.v1.RejectReason.RATE_LIMITED)
                    .setDetail("too many sends, slow down and resend from this clientSeq")).build());
        } else {
            connection.send(ClientErrors.error(requestId, "RATE_LIMITED", "too many frames, slow down"));
        }
    }

    @Override
    public void onBadFrame(Connection connection, String requestId, String code, String problem) {
        connection.send(ClientErrors.error(requestId, code, problem));
    }

    @Override
    public void onClose(Connection connection) {
        sends.closed(connection);
        if (connections.remove(connection)) {
            routes.unregister(connection);
        }
        limits.closed(connection, !connections.devices(connection.userId()).isEmpty());
    }
}
