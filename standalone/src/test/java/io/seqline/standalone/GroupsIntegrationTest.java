package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Membership;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.RejectReason;
import io.seqline.proto.v1.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Groups with membership in the log, over two gateways, through the JSON contract only. */
class GroupsIntegrationTest extends ClusterTest {

    static String createGroup(WsTestClient owner, String name, List<String> members) {
        owner.send(ClientFrame.newBuilder().setRequestId("cg-" + name).setCreateGroup(ClientFrame.CreateGroup.newBuilder()
                .setName(name).addAllMemberIds(members)).build());
        ServerFrame reply = owner.await(f -> f.getRequestId().equals("cg-" + name));
        assertThat(reply.hasGroupCreated()).as("createGroup answer %s", reply).isTrue();
        return reply.getGroupCreated().getConversationId();
    }

    @Test
    void aFiftyMemberGroupOverTwoGatewaysGetsEveryMessageOnceAndInTheSameOrder() throws Exception {
        List<String> users = new ArrayList<>();
        List<WsTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                users.add(user("m" + i));
                clients.add(connect(i % 2, users.get(i)));
            }
            String group = createGroup(clients.get(0), "fifty", users.subList(1, 50));
            for (int round = 1; round <= 20; round++) {
                for (int sender = 0; sender < 3; sender++) {
                    clients.get(sender * 7).sendText(group, round, "from " + sender + " #" + round);
                }
            }
            int expected = 1 + 60; // the CREATE event and the messages
            for (WsTestClient client : clients) {
                await().atMost(Duration.ofSeconds(60)).until(() -> messagesOf(client, group).size() >= expected);
            }
            List<Long> reference = messagesOf(clients.get(0), group).stream().map(Message::getSeq).toList();
            assertThat(reference).hasSize(expected).doesNotHaveDuplicates().isSorted();
            assertThat(messagesOf(clients.get(0), group).get(0).getContent().getMembership().getAction())
                    .isEqualTo(Membership.Action.CREATE);
            for (WsTestClient client : clients) {
                List<Message> got = messagesOf(client, group);
                assertThat(got).extracting(Message::getSeq).containsExactlyElementsOf(reference);
                for (int sender = 0; sender < 3; sender++) {
                    String senderId = users.get(sender * 7);
                    assertThat(got.stream().filter(m -> m.getSenderId().equals(senderId) && m.getContent().hasText())
                            .map(Message::getClientSeq).toList()).isSorted().hasSize(20);
                }
            }
        } finally {
            clients.forEach(WsTestClient::close);
        }
    }

    @Test
    void aRemovedMemberReceivesNothingAfterTheRemovalSeqAndCannotSend() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String carol = user("carol");
        try (WsTestClient a = connect(0, alice); WsTestClient b = connect(1, bob); WsTestClient c = connect(0, carol)) {
            String group = createGroup(a, "trio", List.of(bob, carol));
            a.sendText(group, 1, "before");
            b.await(f -> f.hasMessage() && f.getMessage().getClientMsgId().equals("m1"));

            c.send(ClientFrame.newBuilder().setRequestId("rm-by-carol").setRemoveMembers(ClientFrame.RemoveMembers
                    .newBuilder().setConversationId(group).addUserIds(bob)).build());
            ServerFrame refused = c.await(f -> f.getRequestId().equals("rm-by-carol"));
            assertThat(refused.getError().getCode()).isEqualTo("FORBIDDEN");

            a.send(ClientFrame.newBuilder().setRequestId("rm").setRemoveMembers(ClientFrame.RemoveMembers.newBuilder()
                    .setConversationId(group).addUserIds(bob)).build());
            Message removal = b.await(f -> f.hasMessage() && f.getMessage().getContent().hasMembership()
                    && f.getMessage().getContent().getMembership().getAction() == Membership.Action.REMOVE).getMessage();
            a.sendText(group, 2, "after");
            Message after = c.await(f -> f.hasMessage() && f.getMessage().getClientMsgId().equals("m2")).getMessage();
            assertThat(after.getSeq()).isGreaterThan(removal.getSeq());

            b.sendText(group, 1, "let me in");
            ServerFrame rejected = b.await(ServerFrame::hasRejected);
            assertThat(rejected.getRejected().getReason()).isEqualTo(RejectReason.NOT_MEMBER);

            // the marker: bob is added back. Its event follows "after" and bob's refused send in the group's
            // partition, and routing pushes a conversation's events in order, so once bob and carol have it,
            // whatever they should not have got would already be there
            a.send(ClientFrame.newBuilder().setRequestId("re-add").setAddMembers(ClientFrame.AddMembers.newBuilder()
                    .setConversationId(group).addUserIds(bob)).build());
            long readded = b.await(f -> f.hasMessage() && f.getMessage().getContent().getMembership().getAction()
                    == Membership.Action.ADD).getMessage().getSeq();
            c.await(f -> f.hasMessage() && f.getMessage().getSeq() == readded);
            assertThat(messagesOf(b, group)).allSatisfy(m -> assertThat(m.getSeq())
                    .satisfiesAnyOf(seq -> assertThat(seq).isLessThanOrEqualTo(removal.getSeq()),
                            seq -> assertThat(seq).isEqualTo(readded)));
            assertThat(messagesOf(c, group)).noneMatch(m -> m.getClientMsgId().equals("m1") && m.getSenderId().equals(bob));
        }
    }

    @Test
    void aMemberWhoLeavesStopsReceivingAndANewMemberGetsOnlyWhatFollowsTheirAddition() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String dave = user("dave");
        try (WsTestClient a = connect(0, alice); WsTestClient b = connect(1, bob); WsTestClient d = connect(1, dave)) {
            String group = createGroup(a, "duo", List.of(bob));
            a.sendText(group, 1, "one");
            b.send(ClientFrame.newBuilder().setRequestId("leave").setLeaveGroup(ClientFrame.LeaveGroup.newBuilder()
                    .setConversationId(group)).build());
            Message left = a.await(f -> f.hasMessage() && f.getMessage().getContent().getMembership().getAction()
                    == Membership.Action.LEAVE).getMessage();
            a.send(ClientFrame.newBuilder().setRequestId("add").setAddMembers(ClientFrame.AddMembers.newBuilder()
                    .setConversationId(group).addUserIds(dave)).build());
            Message added = d.await(f -> f.hasMessage() && f.getMessage().getContent().getMembership().getAction()
                    == Membership.Action.ADD).getMessage();
            a.sendText(group, 2, "two");
            d.await(f -> f.hasMessage() && f.getMessage().getClientMsgId().equals("m2"));
            assertThat(messagesOf(d, group)).extracting(Message::getSeq).allMatch(seq -> seq >= added.getSeq());
            assertThat(messagesOf(b, group)).extracting(Message::getSeq).allMatch(seq -> seq <= left.getSeq());
        }
    }

    @Test
    void aMemberRemovedAndAddedBackCannotPullWhatWasSaidWhileOut() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        try (WsTestClient a = connect(0, alice); WsTestClient b = connect(1, bob)) {
            String group = createGroup(a, "gap", List.of(bob));
            a.sendText(group, 1, "before");
            a.send(ClientFrame.newBuilder().setRequestId("rm").setRemoveMembers(ClientFrame.RemoveMembers.newBuilder()
                    .setConversationId(group).addUserIds(bob)).build());
            b.await(f -> f.hasMessage() && f.getMessage().getContent().getMembership().getAction() == Membership.Action.REMOVE);
            a.sendText(group, 2, "while bob is out");
            a.await(f -> f.hasMessage() && f.getMessage().getClientMsgId().equals("m2"));
            a.send(ClientFrame.newBuilder().setRequestId("add").setAddMembers(ClientFrame.AddMembers.newBuilder()
                    .setConversationId(group).addUserIds(bob)).build());
            b.await(f -> f.hasMessage() && f.getMessage().getContent().getMembership().getAction() == Membership.Action.ADD);
            a.sendText(group, 3, "welcome back");
            b.await(f -> f.hasMessage() && f.getMessage().getClientMsgId().equals("m3"));

            // bob's pull once history has stored everything: the message of his time out is not in it
            List<Message> pulled = await().atMost(Duration.ofSeconds(30)).until(() -> sync(b, group),
                    page -> page.stream().anyMatch(m -> m.getClientMsgId().equals("m3")));
            assertThat(pulled).extracting(Message::getClientMsgId).doesNotContain("m2").contains("m1");
            assertThat(pulled).extracting(m -> m.getContent().getMembership().getAction())
                    .contains(Membership.Action.CREATE, Membership.Action.REMOVE, Membership.Action.ADD);
            assertThat(sync(a, group)).extracting(Message::getClientMsgId).contains("m1", "m2", "m3");
        }
    }

    @Test
    void afterRedisLosesTheMemberSetItIsRebuiltFromPostgres() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String eve = user("eve");
        try (WsTestClient a = connect(0, alice); WsTestClient b = connect(1, bob); WsTestClient e = connect(1, eve)) {
            String group = createGroup(a, "rebuilt", List.of(bob));
            a.sendText(group, 1, "before");
            b.await(f -> f.hasMessage() && f.getMessage().getClientMsgId().equals("m1"));

            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url());
            try (var connection = client.connect()) {
                connection.sync().del(io.seqline.common.redis.RedisKeys.members(group));
            } finally {
                client.shutdown();
            }

            b.sendText(group, 1, "after the loss");
            Message rebuilt = a.await(f -> f.hasMessage() && f.getMessage().getSenderId().equals(bob)).getMessage();
            assertThat(rebuilt.getContent().getText()).isEqualTo("after the loss");
            e.sendText(group, 1, "sneaking in");
            assertThat(e.await(ServerFrame::hasRejected).getRejected().getReason()).isEqualTo(RejectReason.NOT_MEMBER);
        }
    }
}
