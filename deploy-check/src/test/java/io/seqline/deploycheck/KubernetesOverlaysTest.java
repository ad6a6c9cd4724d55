package io.seqline.deploycheck;

import static io.seqline.deploycheck.Workloads.containers;
import static io.seqline.deploycheck.Workloads.env;
import static io.seqline.deploycheck.Workloads.module;
import static io.seqline.deploycheck.Workloads.named;
import static io.seqline.deploycheck.Workloads.ofKind;
import static io.seqline.deploycheck.Workloads.podLabels;
import static io.seqline.deploycheck.Workloads.podSpec;
import static io.seqline.deploycheck.Workloads.ports;
import static io.seqline.deploycheck.Workloads.selects;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders {@code k8s/overlays/dev} and {@code k8s/overlays/prod} and checks what a cluster would get against
 * the services' own configuration: probes, resources and a non-root security context on every container,
 * environment variables that the services really bind, ports that match their configured ports, the
 * gateway's HPA, PDBs, topology spread and pod-address registration, topics, storage, network policies and
 * the absence of secret values.
 */
class KubernetesOverlaysTest {

    static final Path K8S = Workloads.root().resolve("k8s");

    static List<Map<String, Object>> render(String overlay) {
        return Kustomize.render(K8S.resolve("overlays").resolve(overlay));
    }

    static List<Map<String, Object>> workloads(List<Map<String, Object>> objects) {
        return Stream.concat(ofKind(objects, "Deployment").stream(), ofKind(objects, "StatefulSet").stream()).toList();
    }

    static List<Map<String, Object>> seqlineDeployments(List<Map<String, Object>> objects) {
        return ofKind(objects, "Deployment").stream().filter(d -> module(containers(d).get(0)) != null).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void rendersTheFourServicesAndTheirInfrastructure(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Set<String> modules = new LinkedHashSet<>();
        seqlineDeployments(objects).forEach(d -> modules.add(module(containers(d).get(0))));
        assertThat(modules).containsExactlyInAnyOrderElementsOf(ServiceConfig.ALL.keySet());
        assertThat(ofKind(objects, "Kafka")).hasSize(1);
        assertThat(ofKind(objects, "KafkaNodePool")).isNotEmpty();
        assertThat(ofKind(objects, "Cluster")).hasSize(1);
        assertThat(ofKind(objects, "StatefulSet")).extracting(Kustomize::name).contains("seqline-redis");
        String namespace = (String) Yaml.at(objects.get(0), "metadata", "namespace");
        assertThat(namespace).isNotBlank();
        assertThat(objects).allSatisfy(o -> assertThat(Yaml.at(o, "metadata", "namespace")).isEqualTo(namespace));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasProbesRequestsLimitsAndRunsAsNonRoot(String overlay) {
        for (Map<String, Object> workload : workloads(render(overlay))) {
            Map<String, Object> pod = podSpec(workload);
            for (Map<String, Object> container : containers(workload)) {
                String where = Kustomize.name(workload) + "/" + container.get("name");
                assertThat(container.get("readinessProbe")).as(where + " readinessProbe").isNotNull();
                assertThat(container.get("livenessProbe")).as(where + " livenessProbe").isNotNull();
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        assertThat(Yaml.at(container, "resources", kind, resource)).as(where + " " + kind + "." + resource)
                                .isNotNull();
                    }
                }
                assertThat(Yaml.at(container, "resources", "limits", "memory")).as(where + " memory request = limit")
                        .isEqualTo(Yaml.at(container, "resources", "requests", "memory"));
                Object nonRoot = Yaml.at(container, "securityContext", "runAsNonRoot");
                assertThat(nonRoot != null ? nonRoot : Yaml.at(pod, "securityContext", "runAsNonRoot"))
                        .as(where + " runAsNonRoot").isEqualTo(true);
                Object user = Yaml.at(container, "securityContext", "runAsUser");
                user = user != null ? user : Yaml.at(pod, "securityContext", "runAsUser");
                assertThat(user).as(where + " runAsUser").isNotNull().isNotEqualTo(0);
                assertThat(Yaml.at(container, "securityContext", "allowPrivilegeEscalation")).as(where).isEqualTo(false);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void seqlineContainersSetOnlyPropertiesTheirServiceBindsAndListenWhereTheyAreConfigured(String overlay) {
        for (Map<String, Object> deployment : seqlineDeployments(render(overlay))) {
            Map<String, Object> container = containers(deployment).get(0);
            ServiceConfig config = ServiceConfig.ALL.get(module(container));
            Map<String, String> env = env(container);
            String where = Kustomize.name(deployment);
            assertThat(env.keySet()).filteredOn(name -> !config.accepts(name))
                    .as(where + ": env names that bind to no property of " + config.module()).isEmpty();
            assertThat(env).as(where).containsKeys("SEQLINE_GRPC_ADMIN_KEY", "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                    "SEQLINE_TOPICS_PARTITIONS", "SEQLINE_TOPICS_REPLICATION");
            assertThat(Yaml.at(Workloads.envVar(container, "SEQLINE_GRPC_ADMIN_KEY"), "valueFrom", "secretKeyRef"))
                    .as(where + ": the admin key comes from a Secret").isNotNull();

            Map<String, Integer> ports = ports(container);
            int management = Integer.parseInt(config.value("server.port", env));
            assertThat(ports).as(where).containsEntry("management", management);
            assertThat(Yaml.at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(Yaml.at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(Yaml.at(container, "readinessProbe", "httpGet", "port")).isIn("management", management);
            assertThat(Yaml.at(container, "livenessProbe", "httpGet", "port")).isIn("management", management);
            assertThat(Yaml.at(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port"))
                    .isEqualTo(String.valueOf(management));
            int grpc = Integer.parseInt(config.value("seqline.grpc.port", env));
            if (grpc != 0) {
                assertThat(ports).as(where).containsEntry("grpc", grpc);
            } else {
                assertThat(ports).as(where + " serves no gRPC").doesNotContainKey("grpc");
            }
            if (config.module().equals("gateway-service")) {
                assertThat(ports).containsEntry("ws", Integer.parseInt(config.value("seqline.gateway.client-port", env)));
                assertThat(ports).containsEntry("delivery", Integer.parseInt(config.value("seqline.delivery.port", env)));
            }
            if (config.module().equals("gateway-service") || config.module().equals("routing-service")) {
                assertThat(Yaml.at(Workloads.envVar(container, "SEQLINE_DELIVERY_KEY"), "valueFrom", "secretKeyRef", "key"))
                        .as(where + ": the delivery key comes from the Secret, not the admin key").isEqualTo("delivery-key");
            }
            if (config.module().equals("history-service") || config.module().equals("sequence-service")) {
                assertThat(env).as(where).containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
                        "SPRING_DATASOURCE_PASSWORD");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesReachEachOtherAtTheirConfiguredAddresses(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, Map<String, Object>> byModule = new LinkedHashMap<>();
        seqlineDeployments(objects).forEach(d -> byModule.put(module(containers(d).get(0)), d));
        Map<String, Object> historyContainer = containers(byModule.get("history-service")).get(0);
        int historyGrpc = ports(historyContainer).get("grpc");
        String historyService = serviceFor(objects, byModule.get("history-service"));
        Map<String, Object> redis = named(objects, "Service", "seqline-redis");
        String kafka = Kustomize.name(ofKind(objects, "Kafka").get(0));
        String postgres = Kustomize.name(ofKind(objects, "Cluster").get(0));
        for (Map.Entry<String, Map<String, Object>> entry : byModule.entrySet()) {
            Map<String, Object> container = containers(entry.getValue()).get(0);
            ServiceConfig config = ServiceConfig.ALL.get(entry.getKey());
            Map<String, String> env = env(container);
            Object listenerPort = Yaml.at(Yaml.list(Yaml.at(ofKind(objects, "Kafka").get(0), "spec", "kafka", "listeners")).get(0),
                    "port");
            assertThat(config.value("spring.kafka.bootstrap-servers", env)).as(entry.getKey())
                    .isEqualTo(kafka + "-kafka-bootstrap:" + listenerPort);
            for (String key : List.of("seqline.gateway.history-address", "seqline.sequencer.history-address",
                    "seqline.routing.history-address")) {
                if (config.properties().contains(key)) {
                    assertThat(config.value(key, env)).as(entry.getKey() + " " + key)
                            .isEqualTo(historyService + ":" + historyGrpc);
                }
            }
            if (config.properties().contains("spring.data.redis.host")) {
                assertThat(config.value("spring.data.redis.host", env) + ":" + config.value("spring.data.redis.port", env))
                        .as(entry.getKey()).isEqualTo(Kustomize.name(redis) + ":6379");
            }
            if (env.containsKey("SPRING_DATASOURCE_URL")) {
                assertThat(env.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://" + postgres + "-rw:5432/seqline");
                for (String var : List.of("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD")) {
                    assertThat(Yaml.at(Workloads.envVar(container, var), "valueFrom", "secretKeyRef", "name"))
                            .as(entry.getKey() + " " + var + " from the CloudNativePG app secret").isEqualTo(postgres + "-app");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void gatewayIsAutoscaledAndEachPodRegistersItsOwnAddress(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, Object> gateway = seqlineDeployments(objects).stream()
                .filter(d -> "gateway-service".equals(module(containers(d).get(0)))).findFirst().orElseThrow();
        List<Map<String, Object>> hpas = ofKind(objects, "HorizontalPodAutoscaler");
        assertThat(hpas).hasSize(1);
        Map<String, Object> hpa = hpas.get(0);
        assertThat(Yaml.at(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
        assertThat(Yaml.at(hpa, "spec", "scaleTargetRef", "apiVersion")).isEqualTo("apps/v1");
        assertThat(Yaml.at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(Kustomize.name(gateway));
        int min = ((Number) Yaml.at(hpa, "spec", "minReplicas")).intValue();
        assertThat(min).isPositive().isLessThanOrEqualTo(((Number) Yaml.at(hpa, "spec", "maxReplicas")).intValue());

        Map<String, Object> container = containers(gateway).get(0);
        assertThat(Yaml.at(Workloads.envVar(container, "SEQLINE_GATEWAY_ID"), "valueFrom", "fieldRef", "fieldPath"))
                .as("gateway id = pod name").isEqualTo("metadata.name");
        assertThat(Yaml.at(Workloads.envVar(container, "SEQLINE_GATEWAY_ADVERTISED_HOST"), "valueFrom", "fieldRef",
                "fieldPath")).as("advertised host = pod IP").isEqualTo("status.podIP");
        assertThat(Yaml.at(Workloads.envVar(container, "SEQLINE_JWT_SECRET"), "valueFrom", "secretKeyRef")).isNotNull();
        assertThat(Yaml.at(container, "lifecycle", "preStop")).as("gateway waits for endpoints to drop").isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceHasADisruptionBudgetTopologySpreadAndAService(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        for (Map<String, Object> deployment : seqlineDeployments(objects)) {
            Map<String, Object> labels = podLabels(deployment);
            String where = Kustomize.name(deployment);
            assertThat(ofKind(objects, "PodDisruptionBudget"))
                    .as(where + " PDB").anyMatch(p -> selects(Yaml.map(Yaml.at(p, "spec", "selector", "matchLabels")), labels));
            assertThat(Yaml.<Map<String, Object>>list(podSpec(deployment).get("topologySpreadConstraints")))
                    .as(where + " topology spread").isNotEmpty()
                    .allSatisfy(c -> assertThat(selects(Yaml.map(Yaml.at(c, "labelSelector", "matchLabels")), labels)).isTrue());
            assertThat(serviceFor(objects, deployment)).as(where + " Service").isNotNull();
            assertThat(Yaml.map(Yaml.at(deployment, "spec", "selector", "matchLabels"))).isNotEmpty()
                    .allSatisfy((k, v) -> assertThat(labels).containsEntry(k, v));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceSelectsAWorkloadAndTargetsPortsItDeclares(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        for (Map<String, Object> service : ofKind(objects, "Service")) {
            Map<String, Object> selector = Yaml.map(Yaml.at(service, "spec", "selector"));
            List<Map<String, Object>> targets = workloads(objects).stream().filter(w -> selects(selector, podLabels(w))).toList();
            assertThat(targets).as(Kustomize.name(service) + " selects a workload").isNotEmpty();
            Set<Object> declared = new LinkedHashSet<>();
            for (Map<String, Object> w : targets) {
                for (Map<String, Object> c : containers(w)) {
                    declared.addAll(ports(c).keySet());
                    declared.addAll(ports(c).values());
                }
            }
            for (Map<String, Object> port : Yaml.<Map<String, Object>>list(Yaml.at(service, "spec", "ports"))) {
                assertThat(declared).as(Kustomize.name(service) + " targetPort").contains(port.get("targetPort"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheGatewayIsReachableFromOutsideAndPoliciesGuardEveryPod(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        assertThat(ofKind(objects, "Ingress")).isEmpty();
        for (Map<String, Object> service : ofKind(objects, "Service")) {
            Object type = Yaml.at(service, "spec", "type");
            if ("LoadBalancer".equals(type) || "NodePort".equals(type)) {
                assertThat(Yaml.map(Yaml.at(service, "spec", "selector"))).as(Kustomize.name(service))
                        .containsEntry("app.kubernetes.io/name", "gateway");
            }
        }
        List<Map<String, Object>> policies = ofKind(objects, "NetworkPolicy");
        for (Map<String, Object> workload : workloads(objects)) {
            Map<String, Object> labels = podLabels(workload);
            List<Map<String, Object>> applying = policies.stream().filter(p -> policySelects(p, labels)).toList();
            assertThat(applying).as(Kustomize.name(workload) + " is covered by a NetworkPolicy").isNotEmpty();
            boolean openToAll = applying.stream().flatMap(p -> Yaml.<Map<String, Object>>list(Yaml.at(p, "spec", "ingress")).stream())
                    .anyMatch(rule -> rule.get("from") == null);
            assertThat(openToAll).as(Kustomize.name(workload) + " accepts traffic from anywhere")
                    .isEqualTo("gateway".equals(labels.get("app.kubernetes.io/name")));
        }
        for (Map<String, Object> policy : policies.stream().filter(p -> policySelects(p, podLabels(named(objects,
                "Deployment", "seqline-gateway")))).toList()) {
            for (Map<String, Object> rule : Yaml.<Map<String, Object>>list(Yaml.at(policy, "spec", "ingress"))) {
                List<Object> rulePorts = Yaml.<Map<String, Object>>list(rule.get("ports")).stream().map(p -> p.get("port")).toList();
                assertThat(rulePorts).as(Kustomize.name(policy) + ": a gateway rule names its ports").isNotEmpty();
                if (rulePorts.contains("delivery") || rulePorts.contains(9094)) {
                    assertThat(Yaml.<Map<String, Object>>list(rule.get("from"))).as("only routing reaches the delivery port")
                            .singleElement().satisfies(from -> assertThat(Yaml.map(Yaml.at(from, "podSelector", "matchLabels")))
                                    .containsEntry("app.kubernetes.io/name", "routing"));
                }
            }
        }
        assertThat(Yaml.<Object>list(Yaml.at(ofKind(objects, "Kafka").get(0), "spec", "kafka", "listeners")))
                .allSatisfy(l -> assertThat(Yaml.at(l, "networkPolicyPeers")).as("Kafka listener peers").isNotNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretValuesAreRenderedAndReferencedSecretsAreDocumented(String overlay) throws Exception {
        List<Map<String, Object>> objects = render(overlay);
        for (Map<String, Object> secret : ofKind(objects, "Secret")) {
            assertThat(secret.get("data")).as("Secret " + Kustomize.name(secret) + " data").isNull();
            assertThat(secret.get("stringData")).as("Secret " + Kustomize.name(secret) + " stringData").isNull();
        }
        Set<String> exampleKeys = new LinkedHashSet<>();
        for (String line : Files.readAllLines(K8S.resolve("secrets/secrets.env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exampleKeys.add(line.substring(0, line.indexOf('=')));
            }
        }
        String postgresSecret = Kustomize.name(ofKind(objects, "Cluster").get(0)) + "-app";
        // Secrets the operators create: CloudNativePG's app user, Strimzi's cluster CA and one per KafkaUser
        String kafkaCa = Kustomize.name(ofKind(objects, "Kafka").get(0)) + "-cluster-ca-cert";
        Set<String> kafkaUsers = new LinkedHashSet<>();
        ofKind(objects, "KafkaUser").forEach(u -> kafkaUsers.add(Kustomize.name(u)));
        for (Map<String, Object> workload : workloads(objects)) {
            for (Map<String, Object> container : containers(workload)) {
                for (Map<String, Object> var : Yaml.<Map<String, Object>>list(container.get("env"))) {
                    Object ref = Yaml.at(var, "valueFrom", "secretKeyRef");
                    if (ref != null) {
                        String name = (String) Yaml.at(ref, "name");
                        String key = (String) Yaml.at(ref, "key");
                        if (name.equals(postgresSecret)) {
                            assertThat(key).isIn("username", "password");
                        } else if (name.equals(kafkaCa)) {
                            assertThat(key).isEqualTo("ca.crt");
                        } else if (kafkaUsers.contains(name)) {
                            assertThat(key).isIn("sasl.jaas.config", "password");
                        } else {
                            assertThat(name).isEqualTo("seqline-secrets");
                            assertThat(exampleKeys).as("k8s/secrets/secrets.env.example documents " + key).contains(key);
                        }
                    }
                    String value = var.get("value") == null ? "" : var.get("value").toString();
                    if (var.get("name").toString().matches(".*(SECRET|PASSWORD|ADMIN_KEY|ADMINKEY|DELIVERY_KEY|DELIVERYKEY|JAAS|AUTH).*")) {
                        assertThat(value).as(var.get("name") + " must come from a Secret").isEmpty();
                    }
                }
            }
        }
        // the secrets kustomization is a separate, opt-in step whose values file is not in the repository
        assertThat(Files.readString(Workloads.root().resolve(".gitignore"))).contains("k8s/secrets/secrets.env");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaRunsKraftAndItsTopicsMatchTheServicesTopicSettings(String overlay) throws Exception {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, Object> kafka = ofKind(objects, "Kafka").get(0);
        // Strimzi 1.0 runs KRaft with node pools only; the opt-in annotations of the v1beta2 era are gone
        assertThat(Yaml.map(Yaml.at(kafka, "metadata", "annotations"))).doesNotContainKeys("strimzi.io/kraft",
                "strimzi.io/node-pools");
        assertThat(Yaml.at(kafka, "spec", "zookeeper")).isNull();
        Set<Object> roles = new LinkedHashSet<>();
        for (Map<String, Object> pool : ofKind(objects, "KafkaNodePool")) {
            assertThat(Yaml.at(pool, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(Kustomize.name(kafka));
            roles.addAll(Yaml.list(Yaml.at(pool, "spec", "roles")));
        }
        assertThat(roles).contains("controller", "broker");
        int brokers = ofKind(objects, "KafkaNodePool").stream()
                .filter(p -> Yaml.<Object>list(Yaml.at(p, "spec", "roles")).contains("broker"))
                .mapToInt(p -> ((Number) Yaml.at(p, "spec", "replicas")).intValue()).sum();

        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Map<String, Object> topic : ofKind(objects, "KafkaTopic")) {
            assertThat(Yaml.at(topic, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(Kustomize.name(kafka));
            String name = (String) (Yaml.at(topic, "spec", "topicName") != null ? Yaml.at(topic, "spec", "topicName")
                    : Kustomize.name(topic));
            topics.put(name, ((Number) Yaml.at(topic, "spec", "replicas")).intValue());
            for (Map<String, Object> deployment : seqlineDeployments(objects)) {
                Map<String, Object> container = containers(deployment).get(0);
                ServiceConfig config = ServiceConfig.ALL.get(module(container));
                assertThat(Yaml.at(topic, "spec", "partitions").toString()).as(name + " partitions vs " + config.module())
                        .isEqualTo(config.value("seqline.topics.partitions", env(container)));
                assertThat(Yaml.at(topic, "spec", "replicas").toString()).as(name + " replicas vs " + config.module())
                        .isEqualTo(config.value("seqline.topics.replication", env(container)));
            }
        }
        // the services' own topics (history's dead-letter topic among them) and a dead-letter topic per consumed one
        Set<String> expected = new LinkedHashSet<>(seqlineTopics());
        KafkaAccessTest.CONSUMED.forEach(topic -> expected.add(KafkaAccessTest.dlt(topic)));
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(topics.values()).allSatisfy(replicas -> assertThat(replicas).isLessThanOrEqualTo(brokers));
        assertThat(Integer.parseInt(Yaml.at(kafka, "spec", "kafka", "config", "offsets.topic.replication.factor").toString()))
                .isLessThanOrEqualTo(brokers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void redisKeepsAnAppendOnlyFileOnAPersistentVolume(String overlay) {
        Map<String, Object> redis = named(render(overlay), "StatefulSet", "seqline-redis");
        List<Object> args = Yaml.list(containers(redis).get(0).get("args"));
        assertThat(args).containsSubsequence("--appendonly", "yes");
        assertThat(Yaml.<Object>list(Yaml.at(redis, "spec", "volumeClaimTemplates"))).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGrafanaDashboardIsValidAndChartsSeqlineMetrics(String overlay) throws Exception {
        Map<String, Object> dashboard = named(render(overlay), "ConfigMap", "seqline-grafana-dashboard");
        String json = (String) Yaml.map(dashboard.get("data")).get("seqline-dashboard.json");
        Map<String, Object> root = Yaml.all(json).get(0); // JSON is YAML
        assertThat(root.get("title")).isEqualTo("Seqline");
        List<String> expressions = new ArrayList<>();
        for (Object panel : Yaml.<Object>list(root.get("panels"))) {
            for (Object target : Yaml.<Object>list(Yaml.at(panel, "targets"))) {
                expressions.add(String.valueOf(Yaml.at(target, "expr")));
            }
        }
        assertThat(expressions).isNotEmpty().allSatisfy(e -> assertThat(e).isNotBlank());
        assertThat(String.join("\n", expressions)).contains("seqline_gateway_connections",
                "seqline_sequencer_sends_total", "seqline_sequencer_batch_seconds_bucket",
                "seqline_routing_delivery_latency_seconds_bucket", "seqline_routing_pushes_total",
                "seqline_history_stored_total", "kafka_consumer_fetch_manager_records_lag_max");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theJavaRendererAgreesWithKubectlKustomizeWhereKubectlIsInstalled(String overlay) throws Exception {
        String kubectl = Kubectl.find();
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl != null, "kubectl is not installed");
        List<Map<String, Object>> expected = Yaml.all(Kubectl.kustomize(kubectl, K8S.resolve("overlays").resolve(overlay)));
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        expected.forEach(o -> byId.put(id(o), o));
        Map<String, Map<String, Object>> actual = new LinkedHashMap<>();
        render(overlay).forEach(o -> actual.put(id(o), o));
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(byId.keySet());
        actual.forEach((id, object) -> assertThat(object).as(id).isEqualTo(byId.get(id)));
    }

    static String id(Map<String, Object> object) {
        return object.get("apiVersion") + "/" + object.get("kind") + "/" + Yaml.at(object, "metadata", "namespace") + "/"
                + Kustomize.name(object);
    }

    static String serviceFor(List<Map<String, Object>> objects, Map<String, Object> workload) {
        return ofKind(objects, "Service").stream()
                .filter(s -> !"LoadBalancer".equals(Yaml.at(s, "spec", "type")))
                .filter(s -> selects(Yaml.map(Yaml.at(s, "spec", "selector")), podLabels(workload)))
                .map(Kustomize::name).findFirst().orElse(null);
    }

    static boolean policySelects(Map<String, Object> policy, Map<String, Object> labels) {
        Map<String, Object> selector = Yaml.map(Yaml.at(policy, "spec", "podSelector"));
        Map<String, Object> match = Yaml.map(selector.get("matchLabels"));
        if (!match.isEmpty() && !selects(match, labels)) {
            return false;
        }
        for (Map<String, Object> expression : Yaml.<Map<String, Object>>list(selector.get("matchExpressions"))) {
            Object value = labels.get(expression.get("key"));
            boolean in = Yaml.list(expression.get("values")).contains(value);
            if ("In".equals(expression.get("operator")) != in) {
                return false;
            }
        }
        return true;
    }

    static List<String> seqlineTopicsUnchecked() {
        try {
            return seqlineTopics();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> seqlineTopics() throws IllegalAccessException {
        List<String> topics = new ArrayList<>();
        for (Field field : io.seqline.common.kafka.Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        return topics;
    }

    /** The history Service is headless: its name gives every ready replica, and the services' channels use them all. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theHistoryServiceIsHeadlessSoItsClientsSpreadOverEveryReplica(String overlay) {
        List<Map<String, Object>> history = ofKind(render(overlay), "Service").stream()
                .filter(service -> "history".equals(Yaml.at(service, "spec", "selector", "app.kubernetes.io/name")))
                .toList();
        assertThat(history).hasSize(1);
        assertThat(Yaml.at(history.get(0), "spec", "clusterIP")).as("clusterIP of " + Kustomize.name(history.get(0)))
                .isEqualTo("None");
    }
}
