package io.seqline.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * Several {@link EmbeddedKafka} nodes in this JVM forming one KRaft cluster: every node is broker and
 * controller, the controllers form the quorum, and the internal topics keep one copy per node. A node can be
 * stopped and started again on its own ports and log, as when a broker dies and comes back.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private final List<EmbeddedKafka> nodes;

    private EmbeddedKafkaCluster(List<EmbeddedKafka> nodes) {
        this.nodes = nodes;
    }

    /** Starts {@code size} nodes, each with its log in {@code baseDir/node-<id>}, on free ports. */
    public static EmbeddedKafkaCluster start(Path baseDir, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 1)");
        }
        List<Integer> brokerPorts = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            brokerPorts.add(FreePorts.pick());
            controllerPorts.add(FreePorts.pick());
        }
        String voters = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i)).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<EmbeddedKafka> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new EmbeddedKafka(baseDir.resolve("node-" + (i + 1)), i + 1, brokerPorts.get(i),
                    controllerPorts.get(i), clusterId, voters, size));
        }
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(List.copyOf(nodes));
        try {
            startTogether(nodes);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Every node's client address, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return nodes.stream().map(EmbeddedKafka::bootstrapServers).collect(Collectors.joining(","));
    }

    public int size() {
        return nodes.size();
    }

    /** The node with this {@code node.id} (1 … size). */
    public EmbeddedKafka node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    /** Starts every node that was stopped. */
    public void ensureRunning() {
        startTogether(nodes.stream().filter(node -> !node.running()).toList());
    }

    /** A node's start waits for the quorum, which needs a majority of the nodes: each starts on its own thread. */
    private static void startTogether(List<EmbeddedKafka> nodes) {
        together(nodes, EmbeddedKafka::start);
    }

    private static void together(List<EmbeddedKafka> nodes, java.util.function.Consumer<EmbeddedKafka> action) {
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, nodes.size()));
        try {
            CompletableFuture.allOf(nodes.stream().map(node -> CompletableFuture.runAsync(() -> action.accept(node), threads))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            threads.shutdown();
        }
    }

    /**
     * Stops every node at once. One after another would leave the last broker asking a controller quorum that
     * is already gone for its controlled shutdown, which Kafka waits out for five minutes.
     */
    @Override
    public void close() {
        together(nodes, EmbeddedKafka::stop);
    }
}
