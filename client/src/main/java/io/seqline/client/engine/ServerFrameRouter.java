package io.seqline.client.engine;

import io.seqline.client.ServerErrorException;
import io.seqline.client.ordering.ConversationLines;
import io.seqline.client.sending.SendStreams;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.ServerFrame;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every server frame to the part of the client it concerns. Messages, from a push or from
 * history, go to the sends (one may be this device's echo) and to their conversation's line.
 */
final class ServerFrameRouter {

    private static final Logger log = LoggerFactory.getLogger(ServerFrameRouter.class);

    private final ConversationLines lines;
    private final SendStreams sends;
    private final PendingRequests requests;
    private final ConversationListeners listeners;
    private final Consumer<ServerFrame.Welcome> welcomes;

    ServerFrameRouter(ConversationLines lines, SendStreams sends, PendingRequests requests,
                      ConversationListeners listeners, Consumer<ServerFrame.Welcome> welcomes) {
        this.lines = lines;
        this.sends = sends;
        this.requests = requests;
        this.listeners = listeners;
        this.welcomes = welcomes;
    }

    void route(ServerFrame frame) {
        switch (frame.getKindCase()) {
            case WELCOME -> welcomes.accept(frame.getWelcome());
            case MESSAGE -> message(frame.getMessage());
            case SEND_ACK -> {
                sends.onSendAck(frame.getSendAck());
                lines.line(frame.getSendAck().getConversationId()).noteKnown(frame.getSendAck().getSeq());
            }
            case REJECTED -> sends.onRejected(frame.getRequestId(), frame.getRejected());
            case SYNC_RESULT -> syncResult(frame);
            case READ_RECEIPT -> listeners.of(frame.getReadReceipt().getConversationId()).onReadReceipt(frame.getReadReceipt());
            case TYPING -> listeners.of(frame.getTyping().getConversationId()).onTyping(frame.getTyping());
            case ERROR -> error(frame);
            default -> answered(frame); // conversations, groupCreated, pong, and kinds of a newer server
        }
    }

    private void message(Message message) {
        sends.onMessage(message);
        lines.line(message.getConversationId()).accept(message);
    }

    private void syncResult(ServerFrame frame) {
        ServerFrame.SyncResult result = frame.getSyncResult();
        PendingRequests.Entry request = requests.take(frame.getRequestId());
        result.getMessagesList().forEach(sends::onMessage);
        if (lines.knows(result.getConversationId())) {
            lines.line(result.getConversationId())
                    .onSyncResult(frame.getRequestId(), request == null ? -1 : request.afterSeq(), result);
        }
        if (request != null && request.handler() != null) {
            request.handler().onReply(frame);
        }
    }

    private void error(ServerFrame frame) {
        ServerFrame.Error error = frame.getError();
        ServerErrorException exception = new ServerErrorException(error.getCode(), error.getMessage());
        if (sends.onError(frame.getRequestId(), exception, error.getCode().equals("UNAVAILABLE"))) {
            return;
        }
        PendingRequests.Entry request = requests.take(frame.getRequestId());
        if (request != null && request.handler() != null) {
            request.handler().onFailure(exception);
        } else if (request == null) {
            log.debug("server error not answering a waiting request: {}", exception.getMessage());
        }
    }

    private void answered(ServerFrame frame) {
        PendingRequests.Entry request = requests.take(frame.getRequestId());
        if (request != null && request.handler() != null) {
            request.handler().onReply(frame);
        }
    }
}
