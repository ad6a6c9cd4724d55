package io.seqline.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka node in KRaft mode (combined broker + controller), running the real Kafka server code in this
 * JVM: alone, or one of the nodes of an {@link EmbeddedKafkaCluster}. Its log directory is formatted on first
 * start and kept, so a restart on the same directory keeps every topic, record and committed offset.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path logDir;
    private final int nodeId;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    /** {@code controller.quorum.voters}: every node of the quorum as {@code id@host:port}. */
    private final String voters;
    /** How many copies the internal topics (offsets, transaction state) keep: the cluster's node count. */
    private final int replication;
    private KafkaRaftServer server;

    EmbeddedKafka(Path logDir, int nodeId, int brokerPort, int controllerPort, String clusterId, String voters,
                  int replication) {
        this.logDir = logDir;
        this.nodeId = nodeId;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.voters = voters;
        this.replication = replication;
    }

    /**
     * Starts a broker.
     *
     * @param logDir where the log lives (created and formatted when empty)
     * @param brokerPort client port, 0 for a free one
     */
    public static EmbeddedKafka start(Path logDir, int brokerPort) {
        int controllerPort = FreePorts.pick();
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, 1, FreePorts.orPick(brokerPort), controllerPort,
                Uuid.randomUuid().toString(), "1@127.0.0.1:" + controllerPort, 1);
        kafka.start();
        return kafka;
    }

    /** Starts (or restarts after {@link #stop()}) the broker on the same directory and ports. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaConfig config = new KafkaConfig(properties(), false);
        format();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        FreePorts.awaitListening(brokerPort, Duration.ofSeconds(60), "Kafka");
        log.info("embedded Kafka (KRaft) node {} listening on {}", nodeId, bootstrapServers());
    }

    /** Stops the broker; its log directory stays. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public int nodeId() {
        return nodeId;
    }

    public synchronized boolean running() {
        return server != null;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(nodeId)),
                Map.entry("controller.quorum.voters", voters),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("num.partitions", "12"),
                Map.entry("offsets.topic.replication.factor", Integer.toString(replication)),
                Map.entry("offsets.topic.num.partitions", "12"),
                Map.entry("transaction.state.log.replication.factor", Integer.toString(replication)),
                Map.entry("transaction.state.log.min.isr", Integer.toString(Math.min(2, replication))),
                Map.entry("transaction.state.log.num.partitions", "12"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("log.flush.interval.messages", Long.toString(Long.MAX_VALUE)),
                Map.entry("unstable.api.versions.enable", "false")));
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("seqline.embedded.kafka.")) {
                p.put(k.toString().substring("seqline.embedded.kafka.".length()), v);
            }
        });
        return p;
    }

    private void format() {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir, e);
        }
    }
}
