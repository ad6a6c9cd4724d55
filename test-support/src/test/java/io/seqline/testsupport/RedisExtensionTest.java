package io.seqline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisExtensionTest {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    static RedisClient client;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(redis.url());
    }

    @AfterAll
    static void disconnect() {
        client.shutdown();
    }

    @Test
    void storesAndReadsAValue() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("greeting", "hello");

            assertThat(connection.sync().get("greeting")).isEqualTo("hello");
        }
    }

    @Test
    void flushAllEmptiesEveryDatabase() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            commands.set("a", "1");
            commands.select(3);
            commands.set("b", "2");

            redis.flushAll();

            assertThat(commands.dbsize()).isZero();
            commands.select(0);
            assertThat(commands.dbsize()).isZero();
        }
    }

    @Test
    void restartEmptyLosesTheDataAndKeepsTheUrl() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("doomed", "x");
        }
        String url = redis.url();

        redis.restartEmpty();

        assertThat(redis.url()).isEqualTo(url);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().get("doomed")).isNull();
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            }
        });
    }
}
