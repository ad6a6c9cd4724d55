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

    /**
     * {@code ${VAR:-default}} as compose resolves it when VAR is unset; a required {@code ${VAR:?message}}
     * stays {@code ${VAR}} (compose refuses to start without it).
     */
    static String substituteDefaults(String value) {
        Matcher m = Pattern.compile("\\$\\{[A-Z0-9_]+:?-([^}]*)}").matcher(value);
        String defaults = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
        return Pattern.compile("\\$\\{([A-Z0-9_]+):?\\?[^}]*}").matcher(defaults).replaceAll("\\${$1}");
    }

    /** Secret-bearing variables: never a default, always required. */
    static final Pattern SECRET_NAME = Pattern.compile("[A-Z0-9_]*(SECRET|PASSWORD|ADMIN_KEY)[A-Z0-9_]*");

    /** Container port -> host port. */
    static Map<Integer, Integer> published(String service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (Object entry : Yaml.list(Yaml.at(SERVICES.get(service), "ports"))) {
            String[] parts = entry.toString().replaceAll("/(tcp|udp)$", "").split(":");
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
        String redisCommand = String.join(" ", Yaml.<Object>list(Yaml.at(SERVICES.get("redis"), "command")).stream()
                .map(String::valueOf).toList());
        assertThat(redisCommand).contains("--appendonly yes");
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
            assertThat(config.value("seqline.grpc.admin-key", env)).as(service + " admin key").isEqualTo("${SEQLINE_ADMIN_KEY}");
            assertThat(config.value("spring.kafka.bootstrap-servers", env)).isEqualTo("kafka:9092");
            Set<Integer> containerPorts = published(service).keySet();
            assertThat(containerPorts).as(service + " management port").contains(Integer.parseInt(config.value("server.port", env)));
            int grpc = Integer.parseInt(config.value("seqline.grpc.port", env));
            if (grpc != 0) {
                assertThat(containerPorts).as(service + " gRPC port").contains(grpc);
            }
            if (module.equals("gateway-service")) {
                assertThat(containerPorts).contains(Integer.parseInt(config.value("seqline.gateway.client-port", env)));
                assertThat(config.value("seqline.jwt.secret", env)).isEqualTo("${SEQLINE_JWT_SECRET}");
                assertThat(containerPorts).as(service + ": the delivery port is internal, not published")
                        .doesNotContain(Integer.parseInt(config.value("seqline.delivery.port", env)));
            }
            if (module.equals("gateway-service") || module.equals("routing-service")) {
                assertThat(config.value("seqline.delivery.key", env)).as(service + " delivery key, required")
                        .isEqualTo("${SEQLINE_DELIVERY_KEY}");
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
            if (config.properties().contains("spring.data.redis.host")) {
                assertThat(config.value("spring.data.redis.host", env) + ":" + config.value("spring.data.redis.port", env))
                        .as(service + " Redis").isEqualTo("redis:6379");
                assertThat(config.value("spring.data.redis.password", env)).as(service + " Redis password")
                        .isEqualTo("${REDIS_PASSWORD}");
            }
            if (config.yml().containsKey("spring.datasource.url")) {
                assertThat(config.value("spring.datasource.url", env)).startsWith("jdbc:postgresql://postgres:5432/"
                        + env("postgres").get("POSTGRES_DB"));
                assertThat(config.value("spring.datasource.password", env)).isEqualTo(env("postgres").get("POSTGRES_PASSWORD"));
            }
            Object build = Yaml.at(SERVICES.get(service), "build");
            assertThat(Yaml.at(build, "context")).as(service + " builds from the repository root").isEqualTo(".");
            Object dockerfile = Yaml.at(build, "dockerfile");
            assertThat(Files.exists(ROOT.resolve(dockerfile == null ? "Dockerfile" : dockerfile.toString()))).isTrue();
            assertThat(Yaml.at(build, "args", "SERVICE")).as(service + " build argument SERVICE").isEqualTo(module);
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

    @Test
    void secretsHaveNoDefaultsAndMustBeSet() throws Exception {
        String text = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher references = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?])?[^}]*}").matcher(text);
        List<String> problems = new ArrayList<>();
        Set<String> secrets = new LinkedHashSet<>();
        while (references.find()) {
            if (SECRET_NAME.matcher(references.group(1)).matches()) {
                secrets.add(references.group(1));
                if (!":?".equals(references.group(2))) {
                    problems.add(references.group() + " (use ${" + references.group(1) + ":?message})");
                }
            }
        }
        assertThat(problems).as("secret variables with a default or without :?").isEmpty();
        assertThat(secrets).contains("SEQLINE_ADMIN_KEY", "SEQLINE_JWT_SECRET", "POSTGRES_PASSWORD", "REDIS_PASSWORD");
        SERVICES.keySet().forEach(service -> env(service).forEach((name, value) -> {
            if (SECRET_NAME.matcher(name).matches() && !name.endsWith("_FILE")) {
                assertThat(value).as(service + " " + name + " is a required variable, not a literal").matches("\\$\\{[A-Z0-9_]+}");
            }
        }));
    }

    @Test
    void publishedPortsAreBoundToLoopback() {
        SERVICES.forEach((name, service) -> {
            for (Object entry : Yaml.list(Yaml.at(service, "ports"))) {
                assertThat(entry.toString()).as(name + " port").startsWith("127.0.0.1:");
            }
        });
    }

    @Test
    void redisRequiresThePassword() {
        String command = String.join(" ", Yaml.<Object>list(Yaml.at(SERVICES.get("redis"), "command")).stream()
                .map(String::valueOf).toList());
        assertThat(command).contains("--requirepass").contains("--maxmemory-policy noeviction").contains("--maxmemory ");
        assertThat(env("redis")).containsEntry("REDISCLI_AUTH", "${REDIS_PASSWORD}");
    }

    @Test
    void everyContainerHasAMemoryLimitAndEveryJvmFitsInIt() {
        SERVICES.forEach((name, service) -> {
            Object limit = Yaml.at(service, "deploy", "resources", "limits", "memory");
            limit = limit != null ? limit : Yaml.at(service, "mem_limit");
            assertThat(limit).as(name + " memory limit").isNotNull();
            if (seqlineServices().containsKey(name)) {
                long bytes = JvmMemory.composeBytes(limit.toString());
                JvmMemory jvm = JvmMemory.parse(name, env(name).get("JAVA_TOOL_OPTIONS"));
                assertThat(jvm.total(bytes)).as(name + ": heap + direct + metaspace + native reserve vs " + limit)
                        .isLessThanOrEqualTo(bytes);
            }
        });
    }

    static ServiceConfig config(String composeService) {
        return ServiceConfig.ALL.get(seqlineServices().get(composeService));
    }
}
