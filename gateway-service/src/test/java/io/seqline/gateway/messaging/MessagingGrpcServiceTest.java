package io.seqline.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.seqline.common.grpc.AdminKeyCredentials;
import io.seqline.common.grpc.AdminKeyInterceptor;
import io.seqline.common.grpc.GrpcErrorMapper;
import io.seqline.common.ids.ConversationIds;
import io.seqline.common.kafka.Topics;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.gateway.auth.JwtProperties;
import io.seqline.gateway.auth.TokenService;
import io.seqline.gateway.config.GatewayProperties;
import io.seqline.gateway.config.GatewayPropertiesFixture;
import io.seqline.gateway.session.GatewayIdentity;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.GetPresenceRequest;
import io.seqline.proto.v1.InboundEnvelope;
import io.seqline.proto.v1.IssueTokenRequest;
import io.seqline.proto.v1.IssueTokenResponse;
import io.seqline.proto.v1.MessagingGrpc;
import io.seqline.proto.v1.Presence;
import io.seqline.proto.v1.Recall;
import io.seqline.proto.v1.SendMessageRequest;
import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * {@code Messaging} over gRPC in process, behind the public server's admin-key check and error mapping, on
 * real Redis and Kafka: presence from the route hashes, tokens on the gateway's clock, system messages
 * published as one-send streams, and every refusal with its status.
 */
class MessagingGrpcServiceTest {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    static final String ADMIN_KEY = "messaging-test-admin-key";
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static SharedRedis connection;
    static DefaultKafkaProducerFactory<String, byte[]> producers;
    static TokenService tokens;
    static Server server;
    static ManagedChannel channel;
    static MessagingGrpc.MessagingBlockingStub messaging;

    @BeforeAll
    static void start() throws Exception {
        connection = SharedRedis.connect(redis.url());
        producers = new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        GatewayProperties properties = GatewayPropertiesFixture.with(Map.of("id", "gw-test"));
        tokens = new TokenService(new JwtProperties("a-test-secret-that-is-long-enough-for-hs256", "seqline",
                Duration.ofHours(24), Duration.ofDays(30)), CLOCK);
        SystemMessages systemMessages = new SystemMessages(new KafkaTemplate<>(producers),
                new GatewayIdentity(properties), properties, CLOCK);
        String name = "messaging-" + UUID.randomUUID();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.interceptForward(new MessagingGrpcService(tokens, connection, systemMessages),
                        new AdminKeyInterceptor(ADMIN_KEY), new GrpcExceptionHandlerInterceptor(new GrpcErrorMapper())))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        messaging = MessagingGrpc.newBlockingStub(channel).withCallCredentials(new AdminKeyCredentials(ADMIN_KEY));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        producers.destroy();
        connection.close();
    }

    private static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertStatus(Runnable call, Status.Code code, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(description);
        });
    }

    @Test
    void aCallWithoutTheAdminKeyIsUnauthenticated() {
        assertStatus(() -> MessagingGrpc.newBlockingStub(channel).getPresence(GetPresenceRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED, "admin key");
    }

    @Test
    void aUserIsOnlineWithTheDevicesThatHaveALiveRoute() {
        String carol = user("carol");
        String dave = user("dave");
        connection.sync().hset(RedisKeys.route(carol), Map.of("tablet", "gw-2", "phone", "gw-1"));

        List<Presence> items = messaging.getPresence(GetPresenceRequest.newBuilder().addUserIds(carol)
                .addUserIds(dave).build()).getItemsList();

        assertThat(items).extracting(Presence::getUserId, Presence::getOnline).containsExactly(
                org.assertj.core.groups.Tuple.tuple(carol, true), org.assertj.core.groups.Tuple.tuple(dave, false));
        assertThat(items.get(0).getDeviceIdsList()).containsExactly("phone", "tablet");
    }

    @Test
    void presenceOfTooManyUsersOrOfABadUserIdIsAnInvalidArgument() {
        List<String> many = IntStream.rangeClosed(1, 1001).mapToObj(i -> "u" + i).toList();
        assertStatus(() -> messaging.getPresence(GetPresenceRequest.newBuilder().addAllUserIds(many).build()),
                Status.Code.INVALID_ARGUMENT, "1001 (expected: <= 1000)");
        assertStatus(() -> messaging.getPresence(GetPresenceRequest.newBuilder().addUserIds("a:b").build()),
                Status.Code.INVALID_ARGUMENT, "invalid user id");
    }

    @Test
    void anIssuedTokenIsTheUsersAndExpiresItsTtlAfterTheGatewaysClock() {
        IssueTokenResponse issued = messaging.issueToken(IssueTokenRequest.newBuilder().setUserId("alice")
                .setTtlSeconds(600).build());

        assertThat(tokens.verify(issued.getToken())).isEqualTo("alice");
        assertThat(issued.getExpiresAtMs()).isEqualTo(NOW.plusSeconds(600).toEpochMilli());
    }

    @Test
    void aSystemMessageIsPublishedToInboundAsTheOneSendStreamOfItsIdempotencyKey() {
        String conversation = ConversationIds.direct(user("alice"), user("bob"));
        SendMessageRequest request = SendMessageRequest.newBuilder().setConversationId(conversation)
                .setSenderId("billing-bot").setIdempotencyKey("invoice-42")
                .setContent(Content.newBuilder().setText("Your invoice is ready")).build();

        messaging.sendMessage(request);
        messaging.sendMessage(request); // a retry: the same stream and clientSeq, so the sequencer dedups it

        List<InboundEnvelope> published = inbound(conversation, 2);
        InboundEnvelope envelope = published.get(0);
        assertThat(envelope.getSystem()).isTrue();
        assertThat(envelope.getSenderId()).isEqualTo("billing-bot");
        assertThat(envelope.getSenderDevice()).isEqualTo("api");
        assertThat(envelope.getGatewayId()).isEqualTo("gw-test");
        assertThat(envelope.getReceiveTimeMs()).isEqualTo(NOW.toEpochMilli());
        assertThat(envelope.getStreamId()).isEqualTo(SystemMessages.streamOf("billing-bot", "invoice-42"));
        assertThat(envelope.getSend().getClientSeq()).isEqualTo(1);
        assertThat(envelope.getSend().getClientMsgId()).isEqualTo("invoice-42");
        assertThat(envelope.getSend().getContent().getText()).isEqualTo("Your invoice is ready");
        assertThat(published.get(1)).isEqualTo(envelope);
    }

    @Test
    void aSystemMessageThatIsARecallHasNoKeyOrABadConversationIsAnInvalidArgument() {
        SendMessageRequest good = SendMessageRequest.newBuilder().setConversationId("p:alice:bob")
                .setSenderId("bot").setIdempotencyKey("k1").setContent(Content.newBuilder().setText("hi")).build();

        assertStatus(() -> messaging.sendMessage(good.toBuilder().setContent(Content.newBuilder()
                .setRecall(Recall.newBuilder().setTargetSeq(1))).build()), Status.Code.INVALID_ARGUMENT, "History.Recall");
        assertStatus(() -> messaging.sendMessage(good.toBuilder().setIdempotencyKey("").build()),
                Status.Code.INVALID_ARGUMENT, "idempotencyKey");
        assertStatus(() -> messaging.sendMessage(good.toBuilder().setConversationId("p:bob:alice").build()),
                Status.Code.INVALID_ARGUMENT, "a < b");
    }

    /** The first {@code count} records of {@code im.inbound} keyed by {@code conversation}. */
    private static List<InboundEnvelope> inbound(String conversation, int count) {
        List<InboundEnvelope> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "messaging-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.INBOUND));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (conversation.equals(record.key())) {
                        found.add(InboundEnvelope.parseFrom(record.value()));
                    }
                }
                return found.size() >= count;
            });
        }
        return found.subList(0, count);
    }
}
