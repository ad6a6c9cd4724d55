package io.seqline.standalone;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seqline.common.grpc.AdminKeyCredentials;
import io.seqline.proto.v1.ServerFrame;
import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.OtlpReceiverExtension;
import io.seqline.testsupport.PostgresExtension;
import io.seqline.testsupport.RedisExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the end-to-end tests: one Seqline cluster (two gateways) on the shared real infrastructure,
 * started once per test JVM and stopped before the infrastructure.
 */
abstract class ClusterTest {

    static final String ADMIN_KEY = "test-admin-key-0123456789";
    static final String JWT_SECRET = "test-jwt-secret-0123456789abcdef0123456789";

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();
    /** Every service exports its spans here (OTLP over HTTP), as it would to an OpenTelemetry collector. */
    @RegisterExtension
    static final OtlpReceiverExtension otlp = new OtlpReceiverExtension();
    @RegisterExtension
    static final BeforeAllCallback clusterStarter = ClusterTest::startCluster;

    static SeqlineCluster cluster;

    private static synchronized void startCluster(ExtensionContext context) {
        if (cluster != null) {
            return;
        }
        cluster = SeqlineCluster.start(
                new InfraEndpoints(kafka.bootstrapServers(), redis.url(), postgres.jdbcUrl(), postgres.user(), postgres.password()),
                ClusterSettings.onFreePorts(2, ADMIN_KEY, JWT_SECRET).with(Map.of(
                        "seqline.gateway.recall-window", "3s",
                        "seqline.gateway.limits.frame-burst", 1200,
                        "seqline.gateway.limits.frames-per-second", 300,
                        "seqline.gateway.limits.connections-per-user", 3,
                        "seqline.gateway.outbound-queue-frames", 2000,
                        "management.opentelemetry.tracing.export.otlp.endpoint", otlp.tracesEndpoint(),
                        "management.tracing.sampling.probability", "1.0")));
        SeqlineCluster started = cluster;
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("seqline-cluster", (AutoCloseable) () -> {
            started.close();
            cluster = null;
        });
    }

    static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static WsTestClient connect(int gateway, String user) throws Exception {
        return connect(gateway, user, "d1");
    }

    static WsTestClient connect(int gateway, String user, String device) throws Exception {
        int port = cluster.gatewayClientPort(gateway);
        return WsTestClient.connect(port, WsTestClient.devToken(port, user), device, null);
    }

    static List<io.seqline.proto.v1.Message> messagesOf(WsTestClient client, String conversationId) {
        return client.frames(f -> f.hasMessage() && f.getMessage().getConversationId().equals(conversationId))
                .stream().map(ServerFrame::getMessage).toList();
    }

    private static final java.util.concurrent.atomic.AtomicInteger SYNCS = new java.util.concurrent.atomic.AtomicInteger();

    /** The conversation's messages as a sync of the client returns them, from the start (one page of 500). */
    static List<io.seqline.proto.v1.Message> sync(WsTestClient client, String conversationId) {
        String requestId = "sync-" + SYNCS.incrementAndGet();
        client.send(io.seqline.proto.v1.ClientFrame.newBuilder().setRequestId(requestId)
                .setSync(io.seqline.proto.v1.ClientFrame.Sync.newBuilder().setConversationId(conversationId).setLimit(500))
                .build());
        return client.await(f -> f.getRequestId().equals(requestId)).getSyncResult().getMessagesList();
    }

    /** A plaintext channel to a local gRPC port. */
    static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    static AdminKeyCredentials admin() {
        return new AdminKeyCredentials(ADMIN_KEY);
    }
}
