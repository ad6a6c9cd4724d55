package io.seqline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisResettingExtensionTest {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.resettingEachTest();

    @Test
    @Order(1)
    void firstTestLeavesAKeyBehind() {
        assertThat(get("left-over", "x")).isEqualTo("x");
    }

    @Test
    @Order(2)
    void nextTestStartsWithAnEmptyRedis() {
        assertThat(get("left-over", null)).isNull();
    }

    private static String get(String key, String valueToSet) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            if (valueToSet != null) {
                connection.sync().set(key, valueToSet);
            }
            return connection.sync().get(key);
        } finally {
            client.shutdown();
        }
    }
}
