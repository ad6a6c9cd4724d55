package io.seqline.testsupport;

import io.seqline.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Several KRaft Kafka nodes (three by default, each broker and controller) for one test class, started before
 * its {@code @BeforeAll} methods and stopped after them. Unlike {@link KafkaExtension} it is never shared:
 * drills stop its nodes. Topics of three copies need {@code seqline.topics.replication=3}.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final int nodes;
    private Path dir;
    private EmbeddedKafkaCluster cluster;

    public KafkaClusterExtension() {
        this(3);
    }

    public KafkaClusterExtension(int nodes) {
        this.nodes = nodes;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (cluster == null) {
            dir = TempDirs.create("kafka-cluster");
            cluster = EmbeddedKafkaCluster.start(dir, nodes);
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

    /** The running nodes, to stop and start them. */
    public synchronized EmbeddedKafkaCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the Kafka nodes run only between beforeAll and afterAll");
        }
        return cluster;
    }

    public String bootstrapServers() {
        return cluster().bootstrapServers();
    }
}
