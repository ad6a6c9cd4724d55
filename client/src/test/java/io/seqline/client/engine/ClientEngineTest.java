package io.seqline.client.engine;

import static io.seqline.client.testing.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.client.ClientOptions;
import io.seqline.client.SendRejectedException;
import io.seqline.client.ServerErrorException;
import io.seqline.client.time.ManualScheduler;
import io.seqline.proto.v1.ClientFrame;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.ConversationSummary;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.RejectReason;
import io.seqline.proto.v1.ServerFrame;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The engine on a fake network with hand-driven time; the test plays the gateway. */
class ClientEngineTest {

    private static final String CONVERSATION = "p:alice:bob";

    private final ManualScheduler time = new ManualScheduler();
    private final FakeTransport network = new FakeTransport();
    private final List<Message> shown = new ArrayList<>();
    private final ClientEngine engine = new ClientEngine(ClientOptions.builder(URI.create("ws://gw:8080"), "token", "phone")
            .streamId("stream-1").transport(network).clock(time.clock()).random(new SplittableRandom(3)).build(),
            Runnable::run, time);

    private static ServerFrame error(String requestId, String code) {
        return ServerFrame.newBuilder().setRequestId(requestId)
                .setError(ServerFrame.Error.newBuilder().setCode(code).setMessage(code.toLowerCase())).build();
    }

    private static Message message(long seq, String device, String clientMsgId, long clientSeq) {
        return Message.newBuilder().setConversationId(CONVERSATION).setSeq(seq).setSenderId("alice")
                .setSenderDevice(device).setClientMsgId(clientMsgId).setClientSeq(clientSeq)
                .setContent(Content.newBuilder().setText("t" + seq)).build();
    }

    private static ServerFrame push(Message message) {
        return ServerFrame.newBuilder().setMessage(message).build();
    }

    private void answerListingUnsupported(FakeTransport.Socket socket) {
        ClientFrame listing = socket.sent(ClientFrame::hasListConversations).get(0);
        socket.push(error(listing.getRequestId(), "UNSUPPORTED"));
    }

    @Test
    void unackedSendsGoOutAgainInOrderOnTheSameStreamAfterAReconnect() {
        engine.start();
        CompletableFuture<Long> first = engine.send(CONVERSATION, Content.newBuilder().setText("one").build());
        engine.send(CONVERSATION, Content.newBuilder().setText("two").build());
        FakeTransport.Socket socket = network.current();
        List<ClientFrame.Send> sends = socket.sent(ClientFrame::hasSend).stream().map(ClientFrame::getSend).toList();
        assertThat(sends).extracting(ClientFrame.Send::getClientSeq).containsExactly(1L, 2L);
        socket.push(push(message(1, "phone", sends.get(0).getClientMsgId(), 1)));
        assertThat(first).isCompletedWithValue(1L);

        socket.cut();
        time.advance(Duration.ofSeconds(1));
        FakeTransport.Socket again = network.current();
        assertThat(again).isNotSameAs(socket);
        assertThat(network.opened).allSatisfy(uri -> assertThat(uri.getQuery()).contains("stream=stream-1"));
        assertThat(again.sent(ClientFrame::hasSend)).extracting(f -> f.getSend().getClientSeq()).containsExactly(2L);
        assertThat(again.sent(ClientFrame::hasSend).get(0).getSend().getClientMsgId()).isEqualTo(sends.get(1).getClientMsgId());
    }

    @Test
    void onAServerWithoutListingEveryReconnectSyncsEveryKnownConversationFromItsNextSeq() {
        engine.listen(CONVERSATION, 0, shown::add);
        engine.start();
        FakeTransport.Socket socket = network.current();
        socket.push(push(message(1, "other", "x1", 1)));
        answerListingUnsupported(socket);
        assertThat(socket.sent(ClientFrame::hasSync)).extracting(f -> f.getSync().getAfterSeq()).containsExactly(1L);

        socket.cut();
        time.advance(Duration.ofSeconds(1));
        FakeTransport.Socket again = network.current();
        assertThat(again.sent(ClientFrame::hasSync)).as("at once, without waiting for the listing")
                .extracting(f -> f.getSync().getAfterSeq()).containsExactly(1L);
        assertThat(again.sent(ClientFrame::hasListConversations)).as("still asks, in case the server was upgraded").hasSize(1);
    }

    @Test
    void withAListingOnlyConversationsWhoseMaxSeqIsPastTheLocalOneAreSynced() {
        engine.listen(CONVERSATION, 4, shown::add);
        engine.listen("p:alice:carol", 9, shown::add);
        engine.start();
        FakeTransport.Socket socket = network.current();
        ClientFrame listing = socket.sent(ClientFrame::hasListConversations).get(0);
        socket.push(ServerFrame.newBuilder().setRequestId(listing.getRequestId()).setConversations(
                ServerFrame.Conversations.newBuilder()
                        .addItems(ConversationSummary.newBuilder().setConversationId(CONVERSATION).setMaxSeq(7))
                        .addItems(ConversationSummary.newBuilder().setConversationId("p:alice:carol").setMaxSeq(9))
                        .addItems(ConversationSummary.newBuilder().setConversationId("p:alice:dave").setMaxSeq(2))).build());

        assertThat(socket.sent(ClientFrame::hasSync)).extracting(f -> f.getSync().getConversationId() + "@" + f.getSync().getAfterSeq())
                .containsExactlyInAnyOrder(CONVERSATION + "@4", "p:alice:dave@0");
    }

    @Test
    void aListingThatDoesNotComeMakesTheClientSyncItsKnownConversations() {
        engine.listen(CONVERSATION, 0, shown::add);
        engine.start();
        time.advance(Duration.ofMillis(2999));
        assertThat(network.current().sent(ClientFrame::hasSync)).isEmpty();
        time.advance(Duration.ofMillis(1));
        assertThat(network.current().sent(ClientFrame::hasSync)).hasSize(1);
    }

    @Test
    void messagesReachTheListenerInSeqOrderWhateverTheOrderTheyArriveIn() {
        engine.listen(CONVERSATION, 0, shown::add);
        engine.start();
        FakeTransport.Socket socket = network.current();
        answerListingUnsupported(socket);
        for (long seq : new long[] {3, 1, 3, 2, 5}) {
            socket.push(push(message(seq, "other", "x" + seq, seq)));
        }
        assertThat(shown).extracting(Message::getSeq).containsExactly(1L, 2L, 3L);
        time.advance(Duration.ofMillis(300));
        ClientFrame sync = socket.sent(ClientFrame::hasSync).get(1);
        assertThat(sync.getSync().getAfterSeq()).isEqualTo(3);
        socket.push(ServerFrame.newBuilder().setRequestId(sync.getRequestId()).setSyncResult(ServerFrame.SyncResult.newBuilder()
                .setConversationId(CONVERSATION).addMessages(message(4, "other", "x4", 4)).setThroughSeq(5).setMaxSeq(5)).build());
        assertThat(shown).extracting(Message::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aRejectedSendFailsWithItsReasonAndAnUnsupportedRequestWithTheServersCode() {
        engine.start();
        FakeTransport.Socket socket = network.current();
        CompletableFuture<Long> send = engine.send(CONVERSATION, Content.newBuilder().setText("x").build());
        ClientFrame frame = socket.sent(ClientFrame::hasSend).get(0);
        socket.push(ServerFrame.newBuilder().setRequestId(frame.getRequestId()).setRejected(ServerFrame.Rejected.newBuilder()
                .setConversationId(CONVERSATION).setClientMsgId(frame.getSend().getClientMsgId()).setClientSeq(1)
                .setReason(RejectReason.TOO_LARGE).setDetail("too big")).build());
        assertThat(failure(send)).isInstanceOfSatisfying(SendRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_LARGE));

        CompletableFuture<Void> markRead = engine.markRead(CONVERSATION, 3);
        socket.push(error(socket.sent(ClientFrame::hasMarkRead).get(0).getRequestId(), "UNSUPPORTED"));
        assertThat(failure(markRead)).isInstanceOfSatisfying(ServerErrorException.class,
                e -> assertThat(e.code()).isEqualTo("UNSUPPORTED"));
    }

    @Test
    void aDuplicateSendAckCompletesTheSendAndTellsTheLineTheSeqExists() {
        engine.listen(CONVERSATION, 0, shown::add);
        engine.start();
        FakeTransport.Socket socket = network.current();
        answerListingUnsupported(socket);
        CompletableFuture<Long> send = engine.send(CONVERSATION, Content.newBuilder().setText("x").build());
        ClientFrame.Send frame = socket.sent(ClientFrame::hasSend).get(0).getSend();
        socket.push(ServerFrame.newBuilder().setSendAck(ServerFrame.SendAck.newBuilder().setConversationId(CONVERSATION)
                .setClientMsgId(frame.getClientMsgId()).setClientSeq(1).setSeq(1)).build());
        assertThat(send).isCompletedWithValue(1L);
        time.advance(Duration.ofMillis(300));
        assertThat(socket.sent(ClientFrame::hasSync)).last().extracting(f -> f.getSync().getAfterSeq()).isEqualTo(0L);
    }

    @Test
    void refusedConnectionsAreRetriedWithGrowingDelays() {
        network.refuse = true;
        engine.start();
        time.advance(Duration.ofSeconds(10));
        int attempts = network.opened.size();
        assertThat(attempts).isBetween(5, 9); // 0.25 + 0.5 + 1 + 2 + 4 s (each jittered into its upper half)
        network.refuse = false;
        time.advance(Duration.ofSeconds(30));
        assertThat(engine.connected()).isTrue();
    }

    @Test
    void aQuietSocketIsPingedAndASilentOneReplaced() {
        engine.start();
        FakeTransport.Socket socket = network.current();
        answerListingUnsupported(socket);
        time.advance(Duration.ofSeconds(26));
        assertThat(socket.sent(ClientFrame::hasPing)).hasSize(1);
        time.advance(Duration.ofSeconds(35));
        assertThat(socket.closed).isTrue();
        time.advance(Duration.ofSeconds(1));
        assertThat(network.sockets).hasSize(2);
    }

    @Test
    void afterStreamExpiredTheEngineReadsTheLogPageByPageAndResendsOnlyWhatIsNotThereFlaggedAsTheStart() {
        engine.listen(CONVERSATION, 3, shown::add);
        engine.start();
        FakeTransport.Socket socket = network.current();
        answerListingUnsupported(socket);
        CompletableFuture<Long> first = engine.send(CONVERSATION, Content.newBuilder().setText("one").build());
        CompletableFuture<Long> second = engine.send(CONVERSATION, Content.newBuilder().setText("two").build());
        List<ClientFrame> sends = socket.sent(ClientFrame::hasSend);
        for (ClientFrame send : sends) {
            socket.push(ServerFrame.newBuilder().setRequestId(send.getRequestId()).setRejected(ServerFrame.Rejected.newBuilder()
                    .setConversationId(CONVERSATION).setClientMsgId(send.getSend().getClientMsgId())
                    .setClientSeq(send.getSend().getClientSeq()).setReason(RejectReason.STREAM_EXPIRED)
                    .setExpectedClientSeq(1)).build());
        }
        int syncsBefore = 1; // the catch-up's own sync of the line
        List<ClientFrame> syncs = socket.sent(ClientFrame::hasSync);
        assertThat(syncs).hasSize(syncsBefore + 1);
        assertThat(syncs.get(syncsBefore).getSync().getAfterSeq()).as("the line had shown through 3").isEqualTo(3);
        // page one: through 500 of 900, without the device's sends; page two has the first of them
        socket.push(ServerFrame.newBuilder().setRequestId(syncs.get(syncsBefore).getRequestId()).setSyncResult(
                ServerFrame.SyncResult.newBuilder().setConversationId(CONVERSATION).setThroughSeq(500).setMaxSeq(900)).build());
        ClientFrame next = socket.sent(ClientFrame::hasSync).get(syncsBefore + 1);
        assertThat(next.getSync().getAfterSeq()).isEqualTo(500);
        assertThat(socket.sent(ClientFrame::hasSend)).as("nothing resent while the log is read").hasSize(2);
        socket.push(ServerFrame.newBuilder().setRequestId(next.getRequestId()).setSyncResult(
                ServerFrame.SyncResult.newBuilder().setConversationId(CONVERSATION).setThroughSeq(900).setMaxSeq(900)
                        .addMessages(message(850, "phone", sends.get(0).getSend().getClientMsgId(), 1))).build());

        assertThat(first).isCompletedWithValue(850L);
        List<ClientFrame> resent = socket.sent(ClientFrame::hasSend).subList(2, socket.sent(ClientFrame::hasSend).size());
        assertThat(resent).extracting(f -> f.getSend().getClientMsgId(), f -> f.getSend().getClientSeq(),
                        f -> f.getSend().getStreamStart())
                .containsExactly(org.assertj.core.api.Assertions.tuple(sends.get(1).getSend().getClientMsgId(), 2L, true));
        assertThat(second).isNotDone();
    }
}
