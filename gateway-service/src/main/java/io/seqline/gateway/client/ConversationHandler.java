package io.seqline.gateway.client;

import io.seqline.common.error.DomainException;
import io.seqline.common.ids.ConversationIds;
import io.seqline.common.kafka.Topics;
import io.seqline.gateway.ws.Connection;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.ListConversationsRequest;
import io.seqline.proto.v1.MarkReadRequest;
import io.seqline.proto.v1.ServerFrame;
import io.seqline.proto.v1.Signal;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code listConversations}, {@code markRead} and {@code typing}. A read cursor is stored by history (it
 * only moves forward), answered to the reader with a {@code readReceipt}, and signalled through
 * {@code im.signals} to the other members and the reader's other devices; typing is only signalled.
 */
@Component
class ConversationHandler {

    private final HistoryCalls history;
    private final KafkaTemplate<String, byte[]> kafka;

    ConversationHandler(HistoryCalls history, KafkaTemplate<String, byte[]> kafka) {
        this.history = history;
        this.kafka = kafka;
    }

    void list(Connection connection, String requestId, ClientFrame.ListConversations list) {
        history.listConversations(ListConversationsRequest.newBuilder().setUserId(connection.userId())
                .setLimit(list.getLimit()).setPageToken(list.getPageToken()).build())
                .whenComplete((page, error) -> connection.send(error != null ? ClientErrors.from(requestId, error)
                        : ServerFrame.newBuilder().setRequestId(requestId).setConversations(ServerFrame.Conversations
                                .newBuilder().addAllItems(page.getItemsList()).setNextPageToken(page.getNextPageToken()))
                                .build()));
    }

    void markRead(Connection connection, String requestId, ClientFrame.MarkRead read) {
        history.markRead(MarkReadRequest.newBuilder().setConversationId(read.getConversationId())
                .setUserId(connection.userId()).setSeq(read.getSeq()).build()).whenComplete((stored, error) -> {
                    if (error != null) {
                        connection.send(ClientErrors.from(requestId, error));
                        return;
                    }
                    ServerFrame.ReadReceipt receipt = ServerFrame.ReadReceipt.newBuilder()
                            .setConversationId(read.getConversationId()).setUserId(connection.userId())
                            .setSeq(stored.getReadSeq()).build();
                    connection.send(ServerFrame.newBuilder().setRequestId(requestId).setReadReceipt(receipt).build());
                    signal(Signal.newBuilder().setConversationId(read.getConversationId()).setUserId(connection.userId())
                            .setDeviceId(connection.deviceId()).setReadReceipt(receipt).build());
                });
    }

    void typing(Connection connection, String requestId, ClientFrame.Typing typing) {
        String problem = ConversationIds.problem(typing.getConversationId());
        if (problem != null) {
            connection.send(ClientErrors.from(requestId, DomainException.invalid(problem)));
            return;
        }
        signal(Signal.newBuilder().setConversationId(typing.getConversationId()).setUserId(connection.userId())
                .setDeviceId(connection.deviceId()).setTyping(ServerFrame.Typing.newBuilder()
                        .setConversationId(typing.getConversationId()).setUserId(connection.userId())).build());
    }

    private void signal(Signal signal) {
        try {
            kafka.send(Topics.SIGNALS, signal.getConversationId(), signal.toByteArray());
        } catch (RuntimeException e) {
            // signals are best effort: a lost typing or receipt frame is repaired by the next one
        }
    }
}
