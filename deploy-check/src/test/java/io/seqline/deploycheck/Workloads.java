package io.seqline.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers over rendered Kubernetes objects and the repository layout. */
final class Workloads {

    private Workloads() {
    }

    /** The repository root (the parent of this module's directory, where docker-compose.yml lives). */
    static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docker-compose.yml")) && Files.isDirectory(p.resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found above " + dir);
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    static Map<String, Object> named(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(Kustomize.name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return Yaml.map(Yaml.at(workload, "spec", "template", "spec"));
    }

    static Map<String, Object> podLabels(Map<String, Object> workload) {
        return Yaml.map(Yaml.at(workload, "spec", "template", "metadata", "labels"));
    }

    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return Yaml.list(podSpec(workload).get("containers"));
    }

    /** The service module a container runs, from its image ({@code seqline/gateway-service:tag}), or null. */
    static String module(Map<String, Object> container) {
        String image = (String) container.get("image");
        String repository = image.replaceAll("[:@].*$", "");
        String last = repository.substring(repository.lastIndexOf('/') + 1);
        return ServiceConfig.ALL.containsKey(last) ? last : null;
    }

    /** Literal env values by name; values from a secret or the downward API map to "valueFrom". */
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> var : Yaml.<Map<String, Object>>list(container.get("env"))) {
            env.put((String) var.get("name"), var.containsKey("value") ? String.valueOf(var.get("value")) : "valueFrom");
        }
        return env;
    }

    static Map<String, Object> envVar(Map<String, Object> container, String name) {
        return Yaml.<Map<String, Object>>list(container.get("env")).stream().filter(v -> name.equals(v.get("name")))
                .findFirst().orElse(null);
    }

    /** Container port numbers by port name. */
    static Map<String, Integer> ports(Map<String, Object> container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Map<String, Object> port : Yaml.<Map<String, Object>>list(container.get("ports"))) {
            ports.put((String) port.get("name"), ((Number) port.get("containerPort")).intValue());
        }
        return ports;
    }

    /** True when every label of {@code selector} is on {@code labels}. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey()))));
    }
}
