package io.seqline.deploycheck;

import static io.seqline.deploycheck.Workloads.containers;
import static io.seqline.deploycheck.Workloads.module;
import static io.seqline.deploycheck.Workloads.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.common.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kafka as Strimzi 1.0 runs it: every Strimzi resource in the {@code kafka.strimzi.io/v1} API, a listener
 * that authenticates (SCRAM-SHA-512 over TLS) with simple authorization, one KafkaUser per service whose
 * ACLs allow exactly what that service reads and writes, the services' Kafka credentials taken from the
 * Secrets the User Operator creates, a user for the push bridges that read {@code im.offline}, and topics
 * with a declared retention plus the dead-letter topics.
 */
class KafkaAccessTest {

    static final String STRIMZI_API = "kafka.strimzi.io/v1";

    /** Topics each service consumes (the sequencer also reads im.messages back to rebuild send streams). */
    static final Map<String, List<String>> READS = Map.of(
            "gateway-service", List.of(),
            "sequence-service", List.of(Topics.INBOUND, Topics.MESSAGES),
            "routing-service", List.of(Topics.MESSAGES, Topics.RECEIPTS, Topics.SIGNALS),
            "history-service", List.of(Topics.MESSAGES));

    /** Topics each service produces to, dead-letter topics of what it consumes included. */
    static final Map<String, List<String>> WRITES = Map.of(
            "gateway-service", List.of(Topics.INBOUND, Topics.SIGNALS),
            "sequence-service", List.of(Topics.MESSAGES, Topics.RECEIPTS, dlt(Topics.INBOUND)),
            "routing-service", List.of(Topics.OFFLINE, dlt(Topics.MESSAGES), dlt(Topics.RECEIPTS), dlt(Topics.SIGNALS)),
            "history-service", List.of(Topics.INBOUND, dlt(Topics.MESSAGES)));

    /** The topics that get a dead-letter topic: every topic a Seqline service consumes. */
    static final List<String> CONSUMED = List.of(Topics.INBOUND, Topics.MESSAGES, Topics.RECEIPTS, Topics.SIGNALS);

    static String dlt(String topic) {
        return topic + ".dlt";
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyStrimziResourceUsesTheV1Api(String overlay) {
        List<Map<String, Object>> objects = KubernetesOverlaysTest.render(overlay);
        List<String> strimzi = objects.stream().map(o -> (String) o.get("apiVersion"))
                .filter(api -> api.startsWith("kafka.strimzi.io/")).toList();
        assertThat(strimzi).isNotEmpty().allSatisfy(api -> assertThat(api).isEqualTo(STRIMZI_API));
        Map<String, Object> kafka = ofKind(objects, "Kafka").get(0);
        // v1 moved these to the node pools (or dropped them with ZooKeeper)
        for (String removed : List.of("replicas", "storage", "resources")) {
            assertThat(Yaml.at(kafka, "spec", "kafka", removed)).as("Kafka spec.kafka." + removed).isNull();
        }
        assertThat(Yaml.at(kafka, "spec", "zookeeper")).isNull();
        assertThat(ofKind(objects, "KafkaNodePool")).isNotEmpty();
        for (Map<String, Object> user : ofKind(objects, "KafkaUser")) {
            for (Object acl : Yaml.list(Yaml.at(user, "spec", "authorization", "acls"))) {
                assertThat(Yaml.map(acl)).as(Kustomize.name(user) + ": v1 has 'operations', not 'operation'")
                        .doesNotContainKey("operation").containsKey("operations");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaAuthenticatesEveryClientAndAuthorizesWithAcls(String overlay) {
        List<Map<String, Object>> objects = KubernetesOverlaysTest.render(overlay);
        Map<String, Object> kafka = ofKind(objects, "Kafka").get(0);
        List<Object> listeners = Yaml.list(Yaml.at(kafka, "spec", "kafka", "listeners"));
        assertThat(listeners).isNotEmpty().allSatisfy(l -> assertThat(Yaml.at(l, "authentication", "type"))
                .as("listener " + Yaml.at(l, "name") + " authentication").isIn("scram-sha-512", "tls"));
        assertThat(Yaml.at(kafka, "spec", "kafka", "authorization", "type")).isEqualTo("simple");
        assertThat(Yaml.at(kafka, "spec", "entityOperator", "userOperator")).as("User Operator").isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceUsesItsOwnKafkaUserWhoseAclsAllowWhatItDoes(String overlay) {
        List<Map<String, Object>> objects = KubernetesOverlaysTest.render(overlay);
        Map<String, Object> kafka = ofKind(objects, "Kafka").get(0);
        String cluster = Kustomize.name(kafka);
        Map<String, Object> listener = Yaml.map(Yaml.list(Yaml.at(kafka, "spec", "kafka", "listeners")).get(0));
        boolean tls = Boolean.TRUE.equals(listener.get("tls"));
        Map<String, String> userOf = new LinkedHashMap<>();
        for (Map<String, Object> deployment : KubernetesOverlaysTest.seqlineDeployments(objects)) {
            Map<String, Object> container = containers(deployment).get(0);
            String module = module(container);
            String where = Kustomize.name(deployment);
            ServiceConfig config = ServiceConfig.ALL.get(module);
            Map<String, String> env = Workloads.env(container);

            assertThat(config.value("spring.kafka.bootstrap-servers", env)).as(where + " bootstrap")
                    .isEqualTo(cluster + "-kafka-bootstrap:" + listener.get("port"));
            assertThat(env.get("SPRING_KAFKA_SECURITY_PROTOCOL")).as(where + " security protocol")
                    .isEqualTo(tls ? "SASL_SSL" : "SASL_PLAINTEXT");
            assertThat(env.get("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM")).as(where).isEqualTo("SCRAM-SHA-512");
            Object jaas = Yaml.at(Workloads.envVar(container, "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"), "valueFrom",
                    "secretKeyRef");
            assertThat(jaas).as(where + ": SASL JAAS config from the KafkaUser's Secret").isNotNull();
            assertThat(Yaml.at(jaas, "key")).isEqualTo("sasl.jaas.config");
            if (tls) {
                assertThat(env.get("SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_TYPE")).as(where).isEqualTo("PEM");
                Object ca = Yaml.at(Workloads.envVar(container, "SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES"),
                        "valueFrom", "secretKeyRef");
                assertThat(Yaml.at(ca, "name")).as(where + ": trusts the cluster CA").isEqualTo(cluster + "-cluster-ca-cert");
                assertThat(Yaml.at(ca, "key")).isEqualTo("ca.crt");
            }

            String userName = (String) Yaml.at(jaas, "name");
            assertThat(userOf.containsValue(userName)).as(where + ": a user of its own, not " + userName).isFalse();
            userOf.put(module, userName);
            Map<String, Object> user = Workloads.named(objects, "KafkaUser", userName);
            assertThat(Yaml.at(user, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(cluster);
            assertThat(Yaml.at(user, "spec", "authentication", "type")).isEqualTo("scram-sha-512");
            assertThat(Yaml.at(user, "spec", "authorization", "type")).isEqualTo("simple");

            List<String> missing = new ArrayList<>();
            for (String topic : READS.get(module)) {
                require(user, "topic", topic, "Read", missing);
            }
            for (String topic : WRITES.get(module)) {
                require(user, "topic", topic, "Write", missing);
            }
            for (String topic : KubernetesOverlaysTest.seqlineTopicsUnchecked()) {
                // KafkaAdmin describes the declared topics at startup (and creates none that exist)
                require(user, "topic", topic, "Describe", missing);
            }
            String group = config.value("spring.kafka.consumer.group-id", env);
            if (!READS.get(module).isEmpty()) {
                assertThat(group).as(where + " consumer group").isNotBlank();
                require(user, "group", group, "Read", missing);
            }
            assertThat(missing).as(where + " (KafkaUser " + userName + ") lacks").isEmpty();
            assertThat(allows(user, "topic", Topics.OFFLINE, "Read")).as(where + " reads im.offline")
                    .isEqualTo(READS.get(module).contains(Topics.OFFLINE));
        }
        assertThat(userOf.keySet()).containsExactlyInAnyOrderElementsOf(ServiceConfig.ALL.keySet());

        // the push bridges (APNs / FCM integrators) read im.offline with a user of their own
        List<Map<String, Object>> bridges = ofKind(objects, "KafkaUser").stream()
                .filter(u -> !userOf.containsValue(Kustomize.name(u)))
                .filter(u -> allows(u, "topic", Topics.OFFLINE, "Read")).toList();
        assertThat(bridges).as("a KafkaUser for push bridges reading im.offline").hasSize(1);
        Map<String, Object> bridge = bridges.get(0);
        assertThat(Yaml.at(bridge, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(cluster);
        for (String topic : List.of(Topics.INBOUND, Topics.MESSAGES, Topics.RECEIPTS, Topics.SIGNALS)) {
            assertThat(allows(bridge, "topic", topic, "Read")).as("push bridge reads " + topic).isFalse();
            assertThat(allows(bridge, "topic", topic, "Write")).as("push bridge writes " + topic).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicDeclaresItsRetentionAndTheDeadLetterTopicsExist(String overlay) {
        List<Map<String, Object>> objects = KubernetesOverlaysTest.render(overlay);
        Map<String, Long> retention = new LinkedHashMap<>();
        for (Map<String, Object> topic : ofKind(objects, "KafkaTopic")) {
            String name = (String) Yaml.at(topic, "spec", "topicName");
            Object ms = Yaml.at(topic, "spec", "config", "retention.ms");
            assertThat(ms).as(name + " retention.ms").isNotNull();
            retention.put(name, Long.parseLong(ms.toString()));
        }
        for (String topic : CONSUMED) {
            assertThat(retention).as("dead-letter topic of " + topic).containsKey(dlt(topic));
            assertThat(retention.get(dlt(topic))).as(dlt(topic) + " is kept at least as long as " + topic)
                    .isGreaterThanOrEqualTo(retention.get(topic));
        }
        // after a Redis loss the sequencer rebuilds send streams by reading im.messages back over the stream TTL
        Duration streamTtl = Duration.parse("PT" + ServiceConfig.ALL.get("sequence-service")
                .value("seqline.sequencer.stream-ttl", Map.of()).toUpperCase());
        assertThat(Duration.ofMillis(retention.get(Topics.MESSAGES))).as("im.messages retention vs the stream TTL")
                .isGreaterThanOrEqualTo(streamTtl.multipliedBy(3));
        // sends wait in im.inbound while no sequencer runs: at least a long weekend
        assertThat(Duration.ofMillis(retention.get(Topics.INBOUND))).isGreaterThanOrEqualTo(Duration.ofDays(3));
    }

    static void require(Map<String, Object> user, String type, String name, String operation, List<String> missing) {
        if (!allows(user, type, name, operation)) {
            missing.add(operation + " " + type + " " + name);
        }
    }

    /** True when one of the user's allow ACLs grants the operation on the named resource. */
    static boolean allows(Map<String, Object> user, String type, String name, String operation) {
        for (Object acl : Yaml.list(Yaml.at(user, "spec", "authorization", "acls"))) {
            if ("deny".equals(Yaml.at(acl, "type"))) {
                continue;
            }
            Object resource = Yaml.at(acl, "resource");
            if (!type.equals(Yaml.at(resource, "type"))) {
                continue;
            }
            String pattern = String.valueOf(Yaml.at(resource, "name"));
            boolean prefix = "prefix".equals(Yaml.at(resource, "patternType"));
            boolean matches = pattern.equals("*") || (prefix ? name.startsWith(pattern) : name.equals(pattern));
            List<Object> operations = Yaml.list(Yaml.at(acl, "operations"));
            boolean implied = operation.equals("Describe")
                    && operations.stream().anyMatch(o -> List.of("Read", "Write", "Delete", "Alter").contains(o));
            if (matches && (operations.contains(operation) || operations.contains("All") || implied)) {
                return true;
            }
        }
        return false;
    }
}
