package io.seqline.client.it;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.Message;
import io.seqline.proto.v1.PullRequest;
import io.seqline.proto.v1.PullResponse;
import io.seqline.standalone.ClusterSettings;
import io.seqline.standalone.InfraEndpoints;
import io.seqline.standalone.SeqlineCluster;
import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.PostgresExtension;
import io.seqline.testsupport.RedisExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * All services in this JVM with two gateways, on the shared test infrastructure, plus what a test needs
 * around them: tokens from {@code /dev/token} and the server's log through the admin History API.
 *
 * <p>A JUnit extension: {@code @RegisterExtension static final LocalCluster cluster = new LocalCluster();}
 * brings up Kafka, Redis and PostgreSQL (through their own extensions, whose callbacks it passes on) and the
 * services before the class's first test, and stops the services after its last.
 */
public final class LocalCluster implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    static final String ADMIN_KEY = "test-admin-key-0123456789";

    private final KafkaExtension kafka = new KafkaExtension();
    private final RedisExtension redis = new RedisExtension();
    private final PostgresExtension postgres = new PostgresExtension();
    private SeqlineCluster cluster;
    private ManagedChannel historyChannel;
    private HistoryGrpc.HistoryBlockingStub history;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka.beforeAll(context);
        redis.beforeAll(context);
        postgres.beforeAll(context);
        cluster = SeqlineCluster.start(
                new InfraEndpoints(kafka.bootstrapServers(), redis.url(), postgres.jdbcUrl(), postgres.user(), postgres.password()),
                ClusterSettings.onFreePorts(2, ADMIN_KEY, "test-jwt-secret-0123456789abcdef0123456789"));
        historyChannel = ManagedChannelBuilder.forAddress("127.0.0.1", cluster.historyGrpcPort()).usePlaintext().build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ADMIN_KEY);
        history = HistoryGrpc.newBlockingStub(historyChannel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        redis.beforeEach(context);
        postgres.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        kafka.afterEach(context); // a test that stopped the broker or the database gets them back
        postgres.afterEach(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (historyChannel != null) {
            historyChannel.shutdownNow();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    public RedisExtension redis() {
        return redis;
    }

    public PostgresExtension postgres() {
        return postgres;
    }

    /** A user id no other test uses. */
    public static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public SeqlineCluster cluster() {
        return cluster;
    }

    public URI endpoint(int gateway) {
        return URI.create("ws://127.0.0.1:" + cluster.gatewayClientPort(gateway));
    }

    /** A client token for {@code user}. */
    public String token(String user) {
        return cluster.token(user);
    }

    /** The whole stored log of a conversation, from history, in seq order. */
    public List<Message> log(String conversationId) {
        List<Message> all = new ArrayList<>();
        long after = 0;
        while (true) {
            PullResponse page = history.withDeadlineAfter(10, TimeUnit.SECONDS).pull(PullRequest.newBuilder()
                    .setConversationId(conversationId).setAfterSeq(after).setLimit(500).build());
            all.addAll(page.getMessagesList());
            if (page.getThroughSeq() <= after || page.getThroughSeq() >= page.getMaxSeq()) {
                return all;
            }
            after = page.getThroughSeq();
        }
    }

    /** The highest seq history has stored for a conversation. */
    public long storedMaxSeq(String conversationId) {
        return history.withDeadlineAfter(10, TimeUnit.SECONDS).pull(PullRequest.newBuilder()
                .setConversationId(conversationId).setAfterSeq(Long.MAX_VALUE >>> 11).setLimit(1).build()).getMaxSeq();
    }
}
