package io.seqline.testsupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.seqline.embedded.EmbeddedRedis;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.containers.GenericContainer;

/** The Redis server behind {@link RedisExtension}: external, a container or an embedded redis-server. */
final class RedisInfra implements AutoCloseable {

    static final String URL_ENV = "SEQLINE_TEST_REDIS_URL";
    static final String IMAGE = "redis:7.2-alpine";

    final InfraMode mode;
    private final String url;
    private final EmbeddedRedis embedded;
    private final GenericContainer<?> container;
    private final Path dataDir;
    private final RedisClient client;

    private RedisInfra(InfraMode mode, String url, EmbeddedRedis embedded, GenericContainer<?> container,
            Path dataDir) {
        this.mode = mode;
        this.url = url;
        this.embedded = embedded;
        this.container = container;
        this.dataDir = dataDir;
        this.client = RedisClient.create(url);
    }

    static RedisInfra start() {
        return switch (InfraMode.choose(URL_ENV)) {
            case EXTERNAL -> new RedisInfra(InfraMode.EXTERNAL, InfraMode.env(URL_ENV), null, null, null);
            case TESTCONTAINERS -> {
                GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(6379);
                container.start();
                String url = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
                yield new RedisInfra(InfraMode.TESTCONTAINERS, url, null, container, null);
            }
            case EMBEDDED -> {
                TempDirs.reclaimAbandoned("redis", EmbeddedRedis::reclaim); // left by a killed test JVM
                Path dir = TempDirs.create("redis");
                EmbeddedRedis redis = EmbeddedRedis.start(dir, 0, false);
                yield new RedisInfra(InfraMode.EMBEDDED, redis.url(), redis, null, dir);
            }
        };
    }

    String url() {
        return url;
    }

    void flushAll() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushall();
        }
    }

    /** Kills the embedded server and starts it again, empty, on the same port; aborts for other modes. */
    void restartEmpty() {
        if (embedded == null) {
            Assumptions.abort("restartEmpty needs the embedded Redis server (mode: " + mode.label() + ")");
        }
        embedded.stop();
        embedded.start();
    }

    @Override
    public void close() {
        try {
            client.shutdown();
            if (container != null) {
                container.stop();
            }
            if (embedded != null) {
                embedded.close();
            }
        } finally {
            TempDirs.delete(dataDir);
        }
    }
}
