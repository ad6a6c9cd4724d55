package io.seqline.testsupport;

import io.seqline.embedded.EmbeddedKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.kafka.KafkaContainer;

/** The Kafka broker behind {@link KafkaExtension}: external, a container or an embedded KRaft broker. */
final class KafkaInfra implements AutoCloseable {

    static final String BOOTSTRAP_ENV = "SEQLINE_TEST_KAFKA_BOOTSTRAP";
    static final String IMAGE = "apache/kafka:4.2.0";

    final InfraMode mode;
    private final String bootstrapServers;
    private final EmbeddedKafka embedded;
    private final KafkaContainer container;
    private final Path dataDir;

    private KafkaInfra(InfraMode mode, String bootstrapServers, EmbeddedKafka embedded, KafkaContainer container,
            Path dataDir) {
        this.mode = mode;
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
        this.container = container;
        this.dataDir = dataDir;
    }

    static KafkaInfra start() {
        return switch (InfraMode.choose(BOOTSTRAP_ENV)) {
            case EXTERNAL -> new KafkaInfra(InfraMode.EXTERNAL, InfraMode.env(BOOTSTRAP_ENV), null, null, null);
            case TESTCONTAINERS -> {
                KafkaContainer container = new KafkaContainer(IMAGE);
                container.start();
                yield new KafkaInfra(InfraMode.TESTCONTAINERS, container.getBootstrapServers(), null, container, null);
            }
            case EMBEDDED -> {
                Path dir = TempDirs.create("kafka");
                EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
                yield new KafkaInfra(InfraMode.EMBEDDED, kafka.bootstrapServers(), kafka, null, dir);
            }
        };
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The embedded broker; aborts the calling test for other modes, which cannot be restarted in place. */
    EmbeddedKafka embedded(String operation) {
        if (embedded == null) {
            Assumptions.abort(operation + " needs the embedded Kafka broker (mode: " + mode.label() + ")");
        }
        return embedded;
    }

    /** Brings a broker that a test stopped back up, so a failed drill does not break later tests. */
    void ensureRunning() {
        if (embedded != null) {
            embedded.start();
        }
    }

    @Override
    public void close() {
        try {
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
