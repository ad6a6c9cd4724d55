package io.seqline.sequence.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.Membership;
import io.seqline.proto.v1.Recall;
import io.seqline.proto.v1.RecallCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the sequencer takes from an {@code im.inbound} envelope: the gateway's recall deadline (none given:
 * any time), membership changes from server-originated sends only, the record's origin, and whether the
 * sender's membership must be checked.
 */
class InboundSendTest {

    private static InboundEnvelope.Builder envelope(String conversationId, Content content) {
        return InboundEnvelope.newBuilder().setSenderId("alice").setSenderDevice("phone").setStreamId("s1")
                .setSend(ClientFrame.Send.newBuilder().setConversationId(conversationId).setClientSeq(7)
                        .setContent(content));
    }

    private static Content recall(long target) {
        return Content.newBuilder().setRecall(Recall.newBuilder().setTargetSeq(target)).build();
    }

    private static Content membership(Membership.Action action, String... users) {
        return Content.newBuilder().setMembership(Membership.newBuilder().setAction(action)
                .addAllUserIds(List.of(users))).build();
    }

    @Test
    void aRecallCarriesTheDeadlineTheGatewayFound() {
        InboundSend within = InboundSend.of(envelope("p:alice:bob", recall(3))
                .setRecallCheck(RecallCheck.newBuilder().setAllowedUntilMs(1_700_000_003_000L)).build(), 2, 41);

        assertThat(within.recallTarget()).isEqualTo(3);
        assertThat(within.recallAllowedUntil()).isEqualTo(1_700_000_003_000L);
        assertThat(within.origin()).isEqualTo("2:41");
        assertThat(within.partition()).isEqualTo(2);
        assertThat(within.clientSeq()).isEqualTo(7);
        assertThat(within.senderDevice()).isEqualTo("phone");
    }

    @Test
    void aRecallFoundNeverAllowedStaysNeverAndOneWithoutFindingsMayGoAtAnyTime() {
        assertThat(InboundSend.of(envelope("p:alice:bob", recall(3))
                .setRecallCheck(RecallCheck.newBuilder().setAllowedUntilMs(0)).build(), 0, 1).recallAllowedUntil())
                .isZero();
        assertThat(InboundSend.of(envelope("p:alice:bob", recall(3))
                .setRecallCheck(RecallCheck.newBuilder().setAllowedUntilMs(-7)).build(), 0, 1).recallAllowedUntil())
                .isEqualTo(-1);
        // History.Recall and other server-originated recalls come without findings
        assertThat(InboundSend.of(envelope("g:team", recall(3)).setSystem(true).build(), 0, 1).recallAllowedUntil())
                .isEqualTo(-1);
        assertThat(InboundSend.of(envelope("g:team", Content.newBuilder().setText("hi").build()).build(), 0, 1)
                .recallTarget()).isZero();
    }

    @Test
    void onlyAServerOriginatedSendChangesMembers() {
        InboundSend fromHistory = InboundSend.of(envelope("g:team", membership(Membership.Action.REMOVE, "bob"))
                .setSystem(true).build(), 0, 1);
        InboundSend fromAClient = InboundSend.of(envelope("g:team", membership(Membership.Action.REMOVE, "bob"))
                .build(), 0, 2);

        assertThat(fromHistory.change()).isEqualTo("REMOVE");
        assertThat(fromHistory.changeUsers()).containsExactly("bob");
        assertThat(fromHistory.membersMode()).as("the member set must be loaded").isEqualTo("2");
        assertThat(fromAClient.change()).isEmpty();
        assertThat(fromAClient.changeUsers()).isEmpty();
        assertThat(fromAClient.membersMode()).as("a member's send").isEqualTo("1");
    }

    @Test
    void membershipIsCheckedForGroupSendsOfUsersOnly() {
        Content text = Content.newBuilder().setText("hi").build();
        assertThat(InboundSend.of(envelope("p:alice:bob", text).build(), 0, 1).membersMode()).isEqualTo("0");
        assertThat(InboundSend.of(envelope("g:team", text).setSystem(true).build(), 0, 1).membersMode()).isEqualTo("0");
        assertThat(InboundSend.of(envelope("g:team", membership(Membership.Action.CREATE, "olga")).setSystem(true)
                .build(), 0, 1).membersMode()).as("a new group has no set to load yet").isEqualTo("0");
    }

    @Test
    void aControlCharacterInStoredTextIsNamedSoTheSendIsRefusedBeforeItTakesASeq() {
        assertThat(InboundSend.of(envelope("p:alice:bob", Content.newBuilder().setText("fine").build()).build(), 0, 1)
                .textProblem()).isNull();
        assertThat(InboundSend.of(envelope("p:alice:bob", Content.newBuilder().setText("fine").build())
                .setSenderDevice("ph\u0000one").build(), 0, 1).textProblem()).isNotNull();
    }

    @Test
    void theStreamStartFlagComesFromTheClientsSend() {
        InboundEnvelope.Builder flagged = envelope("p:alice:bob", Content.newBuilder().setText("hi").build());
        flagged.getSendBuilder().setStreamStart(true);

        assertThat(InboundSend.of(flagged.build(), 0, 1).streamStart()).isTrue();
        assertThat(InboundSend.of(envelope("p:alice:bob", Content.newBuilder().setText("hi").build()).build(), 0, 1)
                .streamStart()).isFalse();
    }
}
