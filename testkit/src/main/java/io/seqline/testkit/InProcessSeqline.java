package io.seqline.testkit;

import io.seqline.standalone.ClusterSettings;
import io.seqline.standalone.InfraEndpoints;
import io.seqline.standalone.SeqlineCluster;
import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.PostgresExtension;
import io.seqline.testsupport.RedisExtension;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The four services in this JVM ({@link SeqlineCluster}, one gateway) on seqline-test-support's infrastructure. */
final class InProcessSeqline {

    private InProcessSeqline() {
    }

    static Seqline start(ExtensionContext context) {
        KafkaExtension kafka = new KafkaExtension();
        RedisExtension redis = new RedisExtension();
        PostgresExtension postgres = new PostgresExtension();
        // ties the infrastructure to the test run: it stops after Seqline (stored later, closed first)
        kafka.beforeAll(context);
        redis.beforeAll(context);
        postgres.beforeAll(context);
        String adminKey = random(24);
        ClusterSettings settings = new ClusterSettings(List.of(0), List.of(0), 0, 0, adminKey, random(32), false, 4,
                Duration.ofSeconds(2), Map.of());
        SeqlineCluster cluster = SeqlineCluster.start(new InfraEndpoints(kafka.bootstrapServers(), redis.url(),
                postgres.jdbcUrl(), postgres.user(), postgres.password()), settings);
        return new Seqline("in-process", adminKey, "127.0.0.1:" + cluster.gatewayGrpcPort(0),
                "127.0.0.1:" + cluster.historyGrpcPort(), "127.0.0.1:" + cluster.sequenceGrpcPort(),
                URI.create("ws://127.0.0.1:" + cluster.gatewayClientPort(0) + "/ws"), kafka.bootstrapServers(), cluster);
    }

    static String random(int bytes) {
        byte[] raw = new byte[bytes];
        new SecureRandom().nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }
}
