package io.seqline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The three images the extensions use in Testcontainers mode really start and answer; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ContainersConnectivityTest {

    @Container
    static final KafkaContainer kafka = new KafkaContainer(KafkaInfra.IMAGE);

    @Container
    static final PostgreSQLContainer postgres = new PostgreSQLContainer(PostgresInfra.IMAGE);

    @Container
    static final GenericContainer<?> redis = new GenericContainer<>(RedisInfra.IMAGE).withExposedPorts(6379);

    @Test
    void kafkaContainerReportsItsCluster() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.getBootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }

    @Test
    void postgresContainerAcceptsConnections() throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword())) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void redisContainerAnswersPing() {
        RedisClient client = RedisClient.create("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        } finally {
            client.shutdown();
        }
    }
}
