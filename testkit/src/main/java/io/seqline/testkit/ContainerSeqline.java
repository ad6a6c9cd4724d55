package io.seqline.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Kafka, Redis, PostgreSQL and the four Seqline images in one Docker network, wired with the same
 * environment variables as docker-compose.yml. The images are {@code seqline/<service>:<tag>}, the tag from
 * {@code seqline.testkit.image-tag} / {@code SEQLINE_TESTKIT_IMAGE_TAG} (default: this testkit's version);
 * build them with {@code docker compose build} or the root Dockerfile ({@code --build-arg SERVICE=<service>}).
 */
final class ContainerSeqline {

    static final String KAFKA_IMAGE = "apache/kafka:4.2.0";
    static final String REDIS_IMAGE = "redis:7.2-alpine";
    static final String POSTGRES_IMAGE = "postgres:16-alpine";
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private ContainerSeqline() {
    }

    static Seqline start() {
        Assumptions.assumeTrue(dockerAvailable(), "Docker is not available: Seqline containers mode skipped");
        String tag = imageTag();
        for (String module : List.of("gateway-service", "sequence-service", "routing-service", "history-service")) {
            Assumptions.assumeTrue(imagePresent("seqline/" + module + ":" + tag), "image seqline/" + module + ":" + tag
                    + " is not built (./mvnw package -DskipTests && docker compose build): containers mode skipped");
        }
        String adminKey = InProcessSeqline.random(24);
        String deliveryKey = InProcessSeqline.random(24);
        String jwtSecret = InProcessSeqline.random(32);
        String dbPassword = InProcessSeqline.random(12);
        Network network = Network.newNetwork();
        List<GenericContainer<?>> started = new ArrayList<>();
        try {
            KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(network).withListener("kafka:19092");
            GenericContainer<?> redis = new GenericContainer<>(REDIS_IMAGE).withNetwork(network).withNetworkAliases("redis")
                    .withCommand("redis-server", "--appendonly", "yes").withExposedPorts(6379);
            PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE).withNetwork(network)
                    .withNetworkAliases("postgres").withDatabaseName("seqline").withUsername("seqline")
                    .withPassword(dbPassword);
            started.addAll(List.of(kafka, redis, postgres));
            Startables.deepStart(kafka, redis, postgres).join();

            Map<String, String> common = Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:19092",
                    "SEQLINE_GRPC_ADMIN_KEY", adminKey, "SEQLINE_TOPICS_PARTITIONS", "4", "SEQLINE_TOPICS_REPLICATION", "1");
            Map<String, String> db = Map.of("SPRING_DATASOURCE_USERNAME", "seqline", "SPRING_DATASOURCE_PASSWORD", dbPassword);

            GenericContainer<?> history = service("history-service", tag, network, "history", 8082, common, db, Map.of(
                    "SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/seqline?reWriteBatchedInserts=true"), 9091);
            started.add(history);
            history.start();
            GenericContainer<?> sequence = service("sequence-service", tag, network, "sequence", 8083, common, db, Map.of(
                    "SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/seqline",
                    "SPRING_DATA_REDIS_HOST", "redis",
                    "SEQLINE_SEQUENCER_HISTORY_ADDRESS", "history:9091"), 9093);
            GenericContainer<?> routing = service("routing-service", tag, network, "routing", 8084, common, Map.of(), Map.of(
                    "SPRING_DATA_REDIS_HOST", "redis",
                    "SEQLINE_DELIVERY_KEY", deliveryKey,
                    "SEQLINE_ROUTING_HISTORY_ADDRESS", "history:9091"));
            started.add(sequence);
            started.add(routing);
            Startables.deepStart(sequence, routing).join();
            GenericContainer<?> gateway = service("gateway-service", tag, network, "gateway", 8081, common, Map.of(), Map.of(
                    "SPRING_DATA_REDIS_HOST", "redis",
                    "SEQLINE_JWT_SECRET", jwtSecret,
                    "SEQLINE_DELIVERY_KEY", deliveryKey,
                    "SEQLINE_GATEWAY_ID", "gateway-1",
                    "SEQLINE_GATEWAY_ADVERTISED_HOST", "gateway",
                    "SEQLINE_GATEWAY_HISTORY_ADDRESS", "history:9091"), 9090, 8080);
            started.add(gateway);
            gateway.start();

            List<GenericContainer<?>> all = List.copyOf(started);
            AutoCloseable stop = () -> {
                for (int i = all.size() - 1; i >= 0; i--) {
                    all.get(i).stop();
                }
                network.close();
            };
            return new Seqline("containers", adminKey, address(gateway, 9090), address(history, 9091),
                    address(sequence, 9093), URI.create("ws://" + address(gateway, 8080) + "/ws"),
                    kafka.getBootstrapServers(), stop);
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).stop();
            }
            network.close();
            throw e;
        }
    }

    private static GenericContainer<?> service(String module, String tag, Network network, String alias, int management,
                                               Map<String, String> common, Map<String, String> db,
                                               Map<String, String> own, int... ports) {
        GenericContainer<?> container = new GenericContainer<>("seqline/" + module + ":" + tag)
                .withNetwork(network).withNetworkAliases(alias)
                .withEnv(common).withEnv(db).withEnv(own)
                .withEnv("SERVER_PORT", String.valueOf(management))
                .waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(management).forStatusCode(200)
                        .withStartupTimeout(STARTUP));
        List<Integer> exposed = new ArrayList<>();
        exposed.add(management);
        for (int port : ports) {
            exposed.add(port);
        }
        return container.withExposedPorts(exposed.toArray(Integer[]::new));
    }

    private static String address(GenericContainer<?> container, int port) {
        return container.getHost() + ":" + container.getMappedPort(port);
    }

    static String imageTag() {
        String tag = System.getProperty("seqline.testkit.image-tag");
        if (tag == null || tag.isBlank()) {
            tag = System.getenv("SEQLINE_TESTKIT_IMAGE_TAG");
        }
        if (tag == null || tag.isBlank()) {
            String version = ContainerSeqline.class.getPackage().getImplementationVersion();
            tag = version == null ? "0.1.0-SNAPSHOT" : version;
        }
        return tag;
    }

    private static boolean imagePresent(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
