package io.seqline.testsupport;

import io.seqline.embedded.EmbeddedRedis;
import io.seqline.embedded.EmbeddedRedisCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis Cluster of local {@code redis-server} processes for one test class: three masters with one replica
 * each by default, formed before the class's {@code @BeforeAll} methods and stopped after them. Unlike
 * {@link RedisExtension} it is never shared: drills kill its nodes.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisClusterExtension redisCluster = new RedisClusterExtension();
 * // spring.data.redis.cluster.nodes = redisCluster.seedNodes()
 * }</pre>
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final int masters;
    private final int replicasPerMaster;
    private Path dir;
    private EmbeddedRedisCluster cluster;

    public RedisClusterExtension() {
        this(3, 1);
    }

    public RedisClusterExtension(int masters, int replicasPerMaster) {
        this.masters = masters;
        this.replicasPerMaster = replicasPerMaster;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (cluster == null) {
            TempDirs.reclaimAbandoned("redis-cluster", RedisClusterExtension::stopNodes); // left by a killed test JVM
            dir = TempDirs.create("redis-cluster");
            cluster = EmbeddedRedisCluster.start(dir, masters, replicasPerMaster);
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
            TempDirs.delete(dir);
        }
    }

    private static void stopNodes(Path dir) {
        try (Stream<Path> nodes = Files.list(dir)) {
            nodes.filter(Files::isDirectory).forEach(EmbeddedRedis::reclaim);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running cluster, to kill and restart nodes. */
    public synchronized EmbeddedRedisCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the Redis Cluster runs only between beforeAll and afterAll");
        }
        return cluster;
    }

    /** Every node as {@code host:port,host:port,...}: the value of {@code spring.data.redis.cluster.nodes}. */
    public String seedNodes() {
        return String.join(",", nodes());
    }

    public List<String> nodes() {
        return cluster().nodes();
    }
}
