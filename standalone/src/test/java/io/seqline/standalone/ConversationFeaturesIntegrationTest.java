package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.common.ids.ConversationIds;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.ConversationSummary;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.Recall;
import io.seqline.proto.v1.RejectReason;
import io.seqline.proto.v1.ServerFrame;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Recall, read cursors and unread counts, typing and multi-device, through the JSON contract only. */
class ConversationFeaturesIntegrationTest extends ClusterTest {

    private static void recall(WsTestClient client, String conversation, long clientSeq, long target) {
        client.send(ClientFrame.newBuilder().setRequestId("r" + clientSeq).setSend(ClientFrame.Send.newBuilder()
                .setConversationId(conversation).setClientMsgId("recall" + clientSeq).setClientSeq(clientSeq)
                .setContent(Content.newBuilder().setRecall(Recall.newBuilder().setTargetSeq(target)))).build());
    }

    private static List<Message> syncAll(WsTestClient client, String conversation) {
        String requestId = UUID.randomUUID().toString();
        client.send(ClientFrame.newBuilder().setRequestId(requestId).setSync(ClientFrame.Sync.newBuilder()
                .setConversationId(conversation)).build());
        return client.await(f -> f.getRequestId().equals(requestId)).getSyncResult().getMessagesList();
    }

    private static ConversationSummary summary(WsTestClient client, String conversation) {
        String requestId = UUID.randomUUID().toString();
        client.send(ClientFrame.newBuilder().setRequestId(requestId)
                .setListConversations(ClientFrame.ListConversations.getDefaultInstance()).build());
        return client.await(f -> f.getRequestId().equals(requestId)).getConversations().getItemsList().stream()
                .filter(c -> c.getConversationId().equals(conversation)).findFirst().orElseThrow();
    }

    @Test
    void aSenderRecallsTheirOwnMessageAndItsContentIsGoneFromHistoryForEveryone() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (WsTestClient a = connect(0, alice); WsTestClient b = connect(1, bob)) {
            a.sendText(conversation, 1, "oops");
            long target = b.await(f -> f.hasMessage() && f.getMessage().getClientSeq() == 1).getMessage().getSeq();
            await().until(() -> syncAll(a, conversation).size() == 1); // persisted: the recall can see it

            recall(a, conversation, 2, target);
            Message recallEvent = b.await(f -> f.hasMessage() && f.getMessage().getContent().hasRecall()).getMessage();
            assertThat(recallEvent.getContent().getRecall().getTargetSeq()).isEqualTo(target);
            assertThat(recallEvent.getSeq()).isGreaterThan(target);

            await().until(() -> syncAll(b, conversation).stream().anyMatch(m -> m.getSeq() == target && m.getRecalled()));
            Message recalled = syncAll(b, conversation).stream().filter(m -> m.getSeq() == target).findFirst().orElseThrow();
            assertThat(recalled.getRecalled()).isTrue();
            assertThat(recalled.hasContent()).isFalse();
        }
    }

    /**
     * End to end: the gateway's findings travel with the recall and the sequencer applies them. The window
     * itself is proven where time is controllable: {@code RecallPolicyTest} (gateway: the deadline is the
     * target's serverTimeMs plus the window) and {@code MessageSequencerTest
     * .aRecallIsAllowedUntilItsTimeButAResendOfOneAppliedIsADuplicateAfterIt} (sequencer: refused after it).
     */
    @Test
    void recallingSomeoneElsesMessageIsDeniedWithTheRuleNamingTheWindow() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (WsTestClient a = connect(0, alice); WsTestClient b = connect(1, bob)) {
            a.sendText(conversation, 1, "mine");
            long target = b.await(f -> f.hasMessage() && f.getMessage().getClientSeq() == 1).getMessage().getSeq();
            await().until(() -> syncAll(b, conversation).size() == 1);

            recall(b, conversation, 1, target);
            ServerFrame denied = b.await(ServerFrame::hasRejected);
            assertThat(denied.getRejected().getReason()).isEqualTo(RejectReason.RECALL_DENIED);
            assertThat(denied.getRejected().getDetail()).contains("3 s"); // the recall window of this cluster
        }
    }

    @Test
    void aGroupOwnerMayRecallAMembersMessageButAnotherMemberMayNot() throws Exception {
        String owner = user("owner");
        String bob = user("bob");
        String carol = user("carol");
        try (WsTestClient o = connect(0, owner); WsTestClient b = connect(1, bob); WsTestClient c = connect(0, carol)) {
            String group = GroupsIntegrationTest.createGroup(o, "g", List.of(bob, carol));
            b.sendText(group, 1, "bob's");
            long target = o.await(f -> f.hasMessage() && f.getMessage().getClientMsgId().equals("m1")
                    && f.getMessage().getSenderId().equals(bob)).getMessage().getSeq();
            await().until(() -> syncAll(o, group).stream().anyMatch(m -> m.getSeq() == target));

            recall(c, group, 1, target);
            assertThat(c.await(ServerFrame::hasRejected).getRejected().getReason()).isEqualTo(RejectReason.RECALL_DENIED);

            recall(o, group, 1, target);
            Message event = b.await(f -> f.hasMessage() && f.getMessage().getContent().hasRecall()).getMessage();
            assertThat(event.getSenderId()).isEqualTo(owner);
        }
    }

    @Test
    void unreadCountsStayRightAcrossTwoDevicesAndReadReceiptsReachTheOthers() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (WsTestClient a = connect(0, alice); WsTestClient phone = connect(0, bob, "phone");
             WsTestClient laptop = connect(1, bob, "laptop")) {
            for (long cs = 1; cs <= 3; cs++) {
                a.sendText(conversation, cs, "hi " + cs);
            }
            await().until(() -> messagesOf(laptop, conversation).size() == 3 && messagesOf(phone, conversation).size() == 3);
            await().until(() -> summary(phone, conversation).getMaxSeq() == 3);
            ConversationSummary before = summary(phone, conversation);
            assertThat(before.getMaxSeq() - before.getReadSeq()).isEqualTo(3);
            assertThat(before.getLastMessage().getContent().getText()).isEqualTo("hi 3");

            phone.send(ClientFrame.newBuilder().setRequestId("read").setMarkRead(ClientFrame.MarkRead.newBuilder()
                    .setConversationId(conversation).setSeq(2)).build());
            assertThat(phone.await(f -> f.getRequestId().equals("read")).getReadReceipt().getSeq()).isEqualTo(2);
            assertThat(laptop.await(ServerFrame::hasReadReceipt).getReadReceipt().getSeq()).isEqualTo(2);
            assertThat(a.await(ServerFrame::hasReadReceipt).getReadReceipt().getUserId()).isEqualTo(bob);

            ConversationSummary onLaptop = summary(laptop, conversation);
            assertThat(onLaptop.getMaxSeq() - onLaptop.getReadSeq()).isEqualTo(1);

            laptop.send(ClientFrame.newBuilder().setRequestId("back").setMarkRead(ClientFrame.MarkRead.newBuilder()
                    .setConversationId(conversation).setSeq(1)).build());
            assertThat(laptop.await(f -> f.getRequestId().equals("back")).getReadReceipt().getSeq()).isEqualTo(2);
        }
    }

    @Test
    void typingReachesTheOtherMemberOnlyAndOwnMessagesReachTheSendersOtherDevice() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String conversation = ConversationIds.direct(alice, bob);
        try (WsTestClient a1 = connect(0, alice, "a1"); WsTestClient a2 = connect(1, alice, "a2");
             WsTestClient b = connect(1, bob)) {
            a1.send(ClientFrame.newBuilder().setTyping(ClientFrame.Typing.newBuilder().setConversationId(conversation)).build());
            assertThat(b.await(ServerFrame::hasTyping).getTyping().getUserId()).isEqualTo(alice);

            a1.sendText(conversation, 1, "from a1");
            Message onA2 = a2.await(f -> f.hasMessage() && f.getMessage().getConversationId().equals(conversation)).getMessage();
            assertThat(onA2.getSenderDevice()).isEqualTo("a1");
            assertThat(a1.frames(ServerFrame::hasTyping)).isEmpty();
            assertThat(a2.frames(ServerFrame::hasTyping)).isEmpty();
        }
    }

    @Test
    void theConversationListIsPagedByRecentActivity() throws Exception {
        String alice = user("alice");
        try (WsTestClient a = connect(0, alice)) {
            for (int i = 1; i <= 5; i++) {
                a.sendText(ConversationIds.direct(alice, user("peer" + i)), 1, "hello " + i);
            }
            await().until(() -> messagesOf(a, "").isEmpty() && a.frames(ServerFrame::hasMessage).size() == 5);
            await().until(() -> {
                a.send(ClientFrame.newBuilder().setRequestId("count").setListConversations(
                        ClientFrame.ListConversations.newBuilder().setLimit(10)).build());
                boolean five = a.await(f -> f.getRequestId().equals("count")).getConversations().getItemsCount() == 5;
                a.frames(f -> f.getRequestId().equals("count")).clear();
                return five;
            });
            a.send(ClientFrame.newBuilder().setRequestId("p1").setListConversations(
                    ClientFrame.ListConversations.newBuilder().setLimit(3)).build());
            ServerFrame.Conversations first = a.await(f -> f.getRequestId().equals("p1")).getConversations();
            assertThat(first.getItemsList()).hasSize(3);
            assertThat(first.getNextPageToken()).isNotEmpty();
            a.send(ClientFrame.newBuilder().setRequestId("p2").setListConversations(ClientFrame.ListConversations
                    .newBuilder().setLimit(3).setPageToken(first.getNextPageToken())).build());
            ServerFrame.Conversations second = a.await(f -> f.getRequestId().equals("p2")).getConversations();
            assertThat(second.getItemsList()).hasSize(2);
            assertThat(second.getNextPageToken()).isEmpty();

            List<ConversationSummary> all = new java.util.ArrayList<>(first.getItemsList());
            all.addAll(second.getItemsList());
            assertThat(all).extracting(ConversationSummary::getConversationId).doesNotHaveDuplicates().hasSize(5);
            assertThat(all).extracting(c -> c.getLastMessage().getServerTimeMs())
                    .isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(all).allSatisfy(c -> assertThat(c.getMaxSeq() - c.getReadSeq()).as("own messages are read").isZero());
        }
    }
}
