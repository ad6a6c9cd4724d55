package io.seqline.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfraTest {

    @TempDir
    Path dir;

    @Test
    void postgresKeepsDataAcrossRestart() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir.resolve("pg"), 0)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
                c.createStatement().execute("create table t(x int); insert into t values (42)");
            }
            pg.stop();
            pg.start();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                 ResultSet rs = c.createStatement().executeQuery("select x from t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void redisWithoutPersistenceComesBackEmptyAfterRestart() {
        try (EmbeddedRedis redis = EmbeddedRedis.start(dir.resolve("redis"), 0, false)) {
            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set("k", "v");
                assertThat(c.sync().get("k")).isEqualTo("v");
            }
            redis.stop();
            redis.start();
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                assertThat(c.sync().get("k")).isNull();
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aRedisLeftRunningByAKilledOwnerIsReclaimedByTheNextStartOnItsDirectory() throws Exception {
        // the first owner "dies" without stopping its server, as a SIGKILLed standalone leaves its redis-server
        EmbeddedRedis first = EmbeddedRedis.start(dir.resolve("redis"), 0, true);
        ProcessHandle orphan = ProcessHandle.of(first.pid()).orElseThrow();
        RedisClient client = RedisClient.create(first.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().set("k", "kept");
        }
        try (EmbeddedRedis second = EmbeddedRedis.start(dir.resolve("redis"), first.port(), true);
             StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(orphan.isAlive()).as("the orphaned redis-server was stopped").isFalse();
            assertThat(c.sync().info("server")).as("the server answering is the second owner's")
                    .contains("process_id:" + second.pid());
            assertThat(c.sync().get("k")).as("the orphan flushed its append-only file before it exited").isEqualTo("kept");
        } finally {
            client.shutdown();
            orphan.destroyForcibly();
        }
    }

    @Test
    void kafkaKeepsRecordsAcrossRestart() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(common)) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "hello")).get();
            }
            kafka.stop();
            kafka.start();
            Map<String, Object> consumerProps = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "group.id", "g", "auto.offset.reset", "earliest");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Set.of("t"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                long deadline = System.currentTimeMillis() + 30_000;
                while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                    records = consumer.poll(Duration.ofMillis(500));
                }
                assertThat(records.iterator().next().value()).isEqualTo("hello");
            }
        }
    }
}
