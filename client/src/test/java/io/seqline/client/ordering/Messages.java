package io.seqline.client.ordering;

import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.ServerFrame;
import java.util.Arrays;
import java.util.List;

/** Test messages of one conversation. */
final class Messages {

    static final String CONVERSATION = "p:alice:bob";

    private Messages() {
    }

    static Message seq(long seq) {
        return Message.newBuilder().setConversationId(CONVERSATION).setSeq(seq).setSenderId("alice")
                .setSenderDevice("phone").setClientMsgId("m" + seq).setClientSeq(seq)
                .setContent(Content.newBuilder().setText("text " + seq)).build();
    }

    static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::getSeq).toList();
    }

    static ServerFrame.SyncResult syncResult(long throughSeq, long maxSeq, long... seqs) {
        return ServerFrame.SyncResult.newBuilder().setConversationId(CONVERSATION)
                .addAllMessages(Arrays.stream(seqs).mapToObj(Messages::seq).toList())
                .setThroughSeq(throughSeq).setMaxSeq(maxSeq).build();
    }
}
