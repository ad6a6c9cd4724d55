package io.seqline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml}, parsed (anchors and merge keys resolved) and checked against the services'
 * configuration: KRaft Kafka, Redis with AOF, PostgreSQL, the four services and two gateways on distinct
 * host ports, health checks and healthy-dependency ordering, topics created with the configured partitions,
 * and environment variables that the services really bind.
 */
class DockerComposeTest {

    static final Path ROOT = Workloads.root();
    static final Map<String, Object> COMPOSE = Yaml.one(ROOT.resolve("docker-compose.yml"));
    static final Map<String, Object> SERVICES = Yaml.map(COMPOSE.get("services"));

    /** Compose services that run a Seqline service, with the module they run (from the image name). */
    static Map<String, String> seqlineServices() {
        Map<String, String> modules = new LinkedHashMap<>();
        SERVICES.forEach((name, service) -> {
            String image = String.valueOf(Yaml.at(service, "image"));
            String repository = image.replaceAll(":.*$", "");
            String module = repository.substring(repository.lastIndexOf('/') + 1);
            if (ServiceConfig.ALL.containsKey(module)) {
                modules.put(name, module);
            }
        });
        return modules;
    }

    static Map<String, String> env(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = Yaml.at(SERVICES.get(service), "environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(k.toString(), v == null ? "" : substituteDefaults(v.toString())));
        } else {
            for (Object entry : Yaml.list(raw)) {
                String s = entry.toString();
                env.put(s.substring(0, s.indexOf('=')), substituteDefaults(s.substring(s.indexOf('=') + 1)));
            }
        }
        return env;
    }

    /** {@code ${VAR:-default}} as compose resolves it when VAR is unset. */
    static String substituteDefaults(String value) {
        Matcher m = Pattern.compile("\\$\\{[A-Z0-9_]+:?-([^}]*)}").matcher(value);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
    }

    /** Container port -> host port. */
    static Map<Integer, Integer> published(String service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (Object entry : Yaml.list(Yaml.at(SERVICES.get(service), "ports"))) {
            String[] parts = entry.toString().split(":");
            ports.put(Integer.parseInt(parts[parts.length - 1]), Integer.parseInt(parts[parts.length - 2]));
        }
        return ports;
    }

    @Test
    void runsKafkaInKraftModeRedisWithAppendOnlyFileAndPostgres() {
        Map<String, String> kafka = env("kafka");
        assertThat(String.valueOf(Yaml.at(SERVICES.get("kafka"), "image"))).startsWith("apache/kafka:");
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).contains("controller").contains("broker");
        assertThat(kafka).containsKey("KAFKA_CONTROLLER_QUORUM_VOTERS").doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(SERVICES.keySet()).noneMatch(name -> name.contains("zookeeper"));
        List<Object> redisCommand = Yaml.list(Yaml.at(SERVICES.get("redis"), "command"));
        assertThat(redisCommand).containsSubsequence("--appendonly", "yes");
        assertThat(String.valueOf(Yaml.at(SERVICES.get("postgres"), "image"))).startsWith("postgres:");
    }

    @Test
    void runsEveryServiceAndTwoGatewaysOnDistinctHostPorts() {
        Map<String, String> modules = seqlineServices();
        assertThat(new LinkedHashSet<>(modules.values())).containsExactlyInAnyOrderElementsOf(ServiceConfig.ALL.keySet());
        List<String> gateways = modules.entrySet().stream().filter(e -> e.getValue().equals("gateway-service"))
                .map(Map.Entry::getKey).toList();
        assertThat(gateways).hasSizeGreaterThanOrEqualTo(2);
        Set<Integer> hostPorts = new LinkedHashSet<>();
        Set<String> ids = new LinkedHashSet<>();
        for (String gateway : gateways) {
            ServiceConfig config = ServiceConfig.ALL.get("gateway-service");
            Map<String, String> env = env(gateway);
            assertThat(ids.add(config.value("seqline.gateway.id", env))).as(gateway + " has its own gateway id").isTrue();
            assertThat(config.value("seqline.gateway.advertised-host", env)).as(gateway + " advertises its own name")
                    .isEqualTo(gateway);
        }
        for (String service : SERVICES.keySet()) {
            for (int host : published(service).values()) {
                assertThat(hostPorts.add(host)).as("host port " + host + " published twice").isTrue();
            }
        }
    }

    @Test
    void everyServiceSetsOnlyPropertiesItBindsAndPublishesItsConfiguredPorts() {
        seqlineServices().forEach((service, module) -> {
            ServiceConfig config = ServiceConfig.ALL.get(module);
            Map<String, String> env = env(service);
            assertThat(env.keySet()).filteredOn(name -> !config.accepts(name))
                    .as(service + ": env names that bind to no property of " + module).isEmpty();
            assertThat(config.value("seqline.grpc.admin-key", env)).as(service + " admin key").hasSizeGreaterThanOrEqualTo(16);
            assertThat(config.value("spring.kafka.bootstrap-servers", env)).isEqualTo("kafka:9092");
            Set<Integer> containerPorts = published(service).keySet();
            assertThat(containerPorts).as(service + " management port").contains(Integer.parseInt(config.value("server.port", env)));
            int grpc = Integer.parseInt(config.value("seqline.grpc.port", env));
            if (grpc != 0) {
                assertThat(containerPorts).as(service + " gRPC port").contains(grpc);
            }
            if (module.equals("gateway-service")) {
                assertThat(containerPorts).contains(Integer.parseInt(config.value("seqline.gateway.client-port", env)));
                assertThat(config.value("seqline.jwt.secret", env)).hasSizeGreaterThanOrEqualTo(32);
                assertThat(containerPorts).as(service + ": the delivery port is internal, not published")
                        .doesNotContain(Integer.parseInt(config.value("seqline.delivery.port", env)));
            }
            if (module.equals("gateway-service") || module.equals("routing-service")) {
                assertThat(config.value("seqline.delivery.key", env)).as(service + " delivery key")
                        .hasSizeGreaterThanOrEqualTo(16).isNotEqualTo(config.value("seqline.grpc.admin-key", env));
            }
            for (String key : List.of("seqline.gateway.history-address", "seqline.sequencer.history-address",
                    "seqline.routing.history-address")) {
                if (config.properties().contains(key)) {
                    String history = seqlineServices().entrySet().stream()
                            .filter(e -> e.getValue().equals("history-service")).map(Map.Entry::getKey).findFirst().orElseThrow();
                    assertThat(config.value(key, env)).as(service + " " + key).isEqualTo(history + ":"
                            + config(history).value("seqline.grpc.port", env(history)));
                }
            }
            if (config.properties().contains("seqline.redis.url")) {
                assertThat(config.value("seqline.redis.url", env)).isEqualTo("redis://redis:6379");
            }
            if (config.yml().containsKey("spring.datasource.url")) {
                assertThat(config.value("spring.datasource.url", env)).startsWith("jdbc:postgresql://postgres:5432/"
                        + env("postgres").get("POSTGRES_DB"));
                assertThat(config.value("spring.datasource.password", env)).isEqualTo(env("postgres").get("POSTGRES_PASSWORD"));
            }
            assertThat(Files.exists(ROOT.resolve(String.valueOf(Yaml.at(SERVICES.get(service), "build"))).resolve("Dockerfile")))
                    .as(service + " builds from a Dockerfile").isTrue();
        });
    }

    @Test
    void everythingHasAHealthCheckAndStartsAfterItsDependenciesAreHealthy() {
        SERVICES.forEach((name, service) -> {
            Map<String, Object> dependsOn = Yaml.map(Yaml.at(service, "depends_on"));
            for (Map.Entry<String, Object> dependency : dependsOn.entrySet()) {
                assertThat(SERVICES).containsKey(dependency.getKey());
                Object condition = Yaml.at(dependency.getValue(), "condition");
                assertThat(condition).as(name + " -> " + dependency.getKey()).isIn("service_healthy", "service_completed_successfully");
                if ("service_healthy".equals(condition)) {
                    assertThat(Yaml.at(SERVICES.get(dependency.getKey()), "healthcheck"))
                            .as(dependency.getKey() + " healthcheck").isNotNull();
                }
            }
            boolean oneShot = "no".equals(String.valueOf(Yaml.at(service, "restart")));
            if (!oneShot) {
                assertThat(Yaml.at(service, "healthcheck")).as(name + " healthcheck").isNotNull();
            }
        });
        seqlineServices().keySet().forEach(service -> {
            assertThat(Yaml.map(Yaml.at(SERVICES.get(service), "depends_on"))).as(service).containsKey("kafka-topics");
            assertThat(String.join(" ", Yaml.<String>list(Yaml.at(SERVICES.get(service), "healthcheck", "test"))))
                    .as(service + " health check uses the readiness group").contains("/actuator/health/readiness");
        });
    }

    @Test
    void topicsAreCreatedWithThePartitionsTheServicesUse() throws Exception {
        Map<String, Object> init = Yaml.map(SERVICES.get("kafka-topics"));
        String script = String.join("\n", Yaml.<String>list(init.get("command")));
        for (String topic : KubernetesOverlaysTest.seqlineTopics()) {
            assertThat(script).contains(topic);
        }
        String partitions = env("kafka-topics").get("SEQLINE_TOPICS_PARTITIONS");
        assertThat(script).contains("--partitions \"$$SEQLINE_TOPICS_PARTITIONS\"");
        List<String> problems = new ArrayList<>();
        seqlineServices().forEach((service, module) -> {
            String used = ServiceConfig.ALL.get(module).value("seqline.topics.partitions", env(service));
            if (!partitions.equals(used)) {
                problems.add(service + " uses " + used + " partitions");
            }
        });
        assertThat(problems).as("topics are created with " + partitions + " partitions").isEmpty();
    }

    static ServiceConfig config(String composeService) {
        return ServiceConfig.ALL.get(seqlineServices().get(composeService));
    }
}
