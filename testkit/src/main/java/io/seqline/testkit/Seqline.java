package io.seqline.testkit;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seqline.common.grpc.AdminKeyCredentials;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.IssueTokenRequest;
import io.seqline.proto.v1.MessagingGrpc;
import io.seqline.proto.v1.SequenceGrpc;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A running Seqline, as {@link SeqlineExtension} hands it to tests: gRPC stubs that already carry the admin
 * key, the gateway's WebSocket URL, tokens for any user, and where Kafka is (to consume {@code im.offline}).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SeqlineExtension seqline = new SeqlineExtension();
 *
 * @Test
 * void botMessageReachesTheConversation() {
 *     Seqline s = seqline.get();
 *     s.messaging().sendMessage(SendMessageRequest.newBuilder().setConversationId("p:alice:bot")
 *             .setSenderId("bot").setIdempotencyKey("k1").setContent(Content.newBuilder().setText("hi")).build());
 *     String token = s.token("alice");            // for a WebSocket client at s.webSocketUrl(token, "phone")
 * }
 * }</pre>
 */
public final class Seqline implements AutoCloseable {

    private final String mode;
    private final String adminKey;
    private final String gatewayGrpc;
    private final String historyGrpc;
    private final String sequenceGrpc;
    private final URI webSocketUrl;
    private final String kafkaBootstrapServers;
    private final AutoCloseable backend;
    private final CallCredentials credentials;
    private final ManagedChannel gatewayChannel;
    private final ManagedChannel historyChannel;
    private final ManagedChannel sequenceChannel;

    Seqline(String mode, String adminKey, String gatewayGrpc, String historyGrpc, String sequenceGrpc, URI webSocketUrl,
            String kafkaBootstrapServers, AutoCloseable backend) {
        this.mode = mode;
        this.adminKey = adminKey;
        this.gatewayGrpc = gatewayGrpc;
        this.historyGrpc = historyGrpc;
        this.sequenceGrpc = sequenceGrpc;
        this.webSocketUrl = webSocketUrl;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.backend = backend;
        this.credentials = new AdminKeyCredentials(adminKey);
        this.gatewayChannel = channel(gatewayGrpc);
        this.historyChannel = channel(historyGrpc);
        this.sequenceChannel = channel(sequenceGrpc);
    }

    /** {@code Messaging} (gateway): system and bot messages, tokens, presence; with the admin key. */
    public MessagingGrpc.MessagingBlockingStub messaging() {
        return MessagingGrpc.newBlockingStub(gatewayChannel).withCallCredentials(credentials);
    }

    /** {@code History}: pull, conversations, groups, members, recall; with the admin key. */
    public HistoryGrpc.HistoryBlockingStub history() {
        return HistoryGrpc.newBlockingStub(historyChannel).withCallCredentials(credentials);
    }

    /** {@code Sequence}: the current max seq of conversations; with the admin key. */
    public SequenceGrpc.SequenceBlockingStub sequence() {
        return SequenceGrpc.newBlockingStub(sequenceChannel).withCallCredentials(credentials);
    }

    /** The gateway's gRPC channel, for async or future stubs (add {@link #adminCredentials()}). */
    public ManagedChannel gatewayChannel() {
        return gatewayChannel;
    }

    public ManagedChannel historyChannel() {
        return historyChannel;
    }

    public ManagedChannel sequenceChannel() {
        return sequenceChannel;
    }

    /** {@code authorization: Bearer <admin key>} as gRPC call credentials. */
    public CallCredentials adminCredentials() {
        return credentials;
    }

    public String adminKey() {
        return adminKey;
    }

    /** A client token for {@code userId} with the gateway's default lifetime (issued by {@code Messaging.IssueToken}). */
    public String token(String userId) {
        return messaging().issueToken(IssueTokenRequest.newBuilder().setUserId(userId).build()).getToken();
    }

    /** The gateway's WebSocket endpoint, {@code ws://host:port/ws}. */
    public URI webSocketUrl() {
        return webSocketUrl;
    }

    /** The WebSocket URL a device of the token's user connects to (protobuf frames; add {@code &codec=json} for JSON). */
    public URI webSocketUrl(String token, String deviceId) {
        return URI.create(webSocketUrl + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&device=" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8));
    }

    /** {@code host:port} of the gateway's gRPC server (Messaging). */
    public String gatewayGrpcAddress() {
        return gatewayGrpc;
    }

    public String historyGrpcAddress() {
        return historyGrpc;
    }

    public String sequenceGrpcAddress() {
        return sequenceGrpc;
    }

    /** Kafka's bootstrap servers as seen from the test, e.g. to consume {@code im.offline}. */
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** "in-process" or "containers". */
    public String mode() {
        return mode;
    }

    @Override
    public void close() throws Exception {
        for (ManagedChannel channel : new ManagedChannel[] {gatewayChannel, historyChannel, sequenceChannel}) {
            channel.shutdown();
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        }
        backend.close();
    }

    private static ManagedChannel channel(String target) {
        return NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(32 * 1024 * 1024).build();
    }

    @Override
    public String toString() {
        return "Seqline[" + mode + ", ws=" + webSocketUrl + ", gateway gRPC=" + gatewayGrpc + ", history gRPC="
                + historyGrpc + ", sequence gRPC=" + sequenceGrpc + ", kafka=" + kafkaBootstrapServers + "]";
    }
}
