package io.seqline.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a Kustomize directory, for the subset of Kustomize that {@code k8s/} uses, so that the manifests
 * can be checked where no {@code kubectl} is installed: {@code resources} (files and directories),
 * {@code namespace}, {@code patches} (strategic merge, by the patch's own kind/name or a {@code target}),
 * {@code images}, {@code replicas}, {@code configMapGenerator} and {@code secretGenerator} (with
 * {@code disableNameSuffixHash}). Transformers run in Kustomize's order: patches, namespace, replicas,
 * images. Any other field fails the rendering, so the manifests cannot drift past what is checked; where
 * {@code kubectl} is present the tests also compare this output with {@code kubectl kustomize}.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "patches",
            "images", "replicas", "configMapGenerator", "secretGenerator", "generatorOptions");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService");
    /** Kyaml's associative-list keys for types without a schema (custom resources). */
    private static final List<String> ASSOCIATIVE_KEYS = List.of("mountPath", "devicePath", "ip", "type",
            "topologyKey", "name", "containerPort");

    private Kustomize() {
    }

    /** The objects {@code kubectl kustomize dir} would print. */
    static List<Map<String, Object>> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        Map<String, Object> k = Yaml.one(file);
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(file + ": unsupported Kustomize field '" + key + "'");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String resource : Yaml.<String>list(k.get("resources"))) {
            Path path = dir.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else {
                objects.addAll(Yaml.all(path));
            }
        }
        Map<String, Object> generatorOptions = Yaml.map(k.get("generatorOptions"));
        for (Map<String, Object> generator : Yaml.<Map<String, Object>>list(k.get("configMapGenerator"))) {
            objects.add(generate(dir, "ConfigMap", generator, generatorOptions));
        }
        for (Map<String, Object> generator : Yaml.<Map<String, Object>>list(k.get("secretGenerator"))) {
            objects.add(generate(dir, "Secret", generator, generatorOptions));
        }
        for (Map<String, Object> patch : Yaml.<Map<String, Object>>list(k.get("patches"))) {
            applyPatch(dir, patch, objects);
        }
        if (k.get("namespace") != null) {
            String namespace = (String) k.get("namespace");
            for (Map<String, Object> object : objects) {
                if (!CLUSTER_SCOPED.contains(object.get("kind"))) {
                    Yaml.map(object.get("metadata")).put("namespace", namespace);
                }
            }
        }
        for (Map<String, Object> replica : Yaml.<Map<String, Object>>list(k.get("replicas"))) {
            int matched = 0;
            for (Map<String, Object> object : objects) {
                if (Set.of("Deployment", "StatefulSet", "ReplicaSet").contains(object.get("kind"))
                        && replica.get("name").equals(name(object))) {
                    Yaml.map(object.get("spec")).put("replicas", replica.get("count"));
                    matched++;
                }
            }
            require(matched > 0, file + ": replicas entry matches nothing: " + replica.get("name"));
        }
        for (Map<String, Object> image : Yaml.<Map<String, Object>>list(k.get("images"))) {
            objects.forEach(object -> retag(object, image));
        }
        return objects;
    }

    static String name(Map<String, Object> object) {
        return (String) Yaml.map(object.get("metadata")).get("name");
    }

    // ---- generators

    private static Map<String, Object> generate(Path dir, String kind, Map<String, Object> generator,
                                                Map<String, Object> globalOptions) {
        Map<String, Object> options = new LinkedHashMap<>(globalOptions);
        options.putAll(Yaml.map(generator.get("options")));
        require(Boolean.TRUE.equals(options.get("disableNameSuffixHash")),
                "generator " + generator.get("name") + ": name suffix hashes are not supported by this renderer");
        Map<String, String> data = new LinkedHashMap<>();
        for (String literal : Yaml.<String>list(generator.get("literals"))) {
            int eq = literal.indexOf('=');
            data.put(literal.substring(0, eq), literal.substring(eq + 1));
        }
        for (String env : Yaml.<String>list(generator.get("envs"))) {
            for (String line : read(dir.resolve(env)).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    int eq = trimmed.indexOf('=');
                    data.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
                }
            }
        }
        for (String entry : Yaml.<String>list(generator.get("files"))) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? Path.of(entry).getFileName().toString() : entry.substring(0, eq);
            data.put(key, read(dir.resolve(eq < 0 ? entry : entry.substring(eq + 1))));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", generator.get("name"));
        if (generator.get("namespace") != null) {
            metadata.put("namespace", generator.get("namespace"));
        }
        if (options.get("labels") != null) {
            metadata.put("labels", new LinkedHashMap<>(Yaml.map(options.get("labels"))));
        }
        if (options.get("annotations") != null) {
            metadata.put("annotations", new LinkedHashMap<>(Yaml.map(options.get("annotations"))));
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", "v1");
        object.put("kind", kind);
        object.put("metadata", metadata);
        if (kind.equals("Secret")) {
            Map<String, Object> encoded = new LinkedHashMap<>();
            data.forEach((key, value) -> encoded.put(key,
                    Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
            object.put("data", encoded);
            object.put("type", generator.getOrDefault("type", "Opaque"));
        } else {
            object.put("data", new LinkedHashMap<>(data));
        }
        return object;
    }

    // ---- patches (strategic merge)

    private static void applyPatch(Path dir, Map<String, Object> entry, List<Map<String, Object>> objects) {
        require(entry.get("path") != null ^ entry.get("patch") != null, "patch needs exactly one of path, patch");
        List<Map<String, Object>> docs = entry.get("path") != null ? Yaml.all(dir.resolve((String) entry.get("path")))
                : Yaml.all((String) entry.get("patch"));
        require(docs.size() == 1, "one strategic merge patch per entry: " + entry);
        Map<String, Object> patch = docs.get(0);
        Map<String, Object> target = Yaml.map(entry.get("target"));
        for (String key : target.keySet()) {
            require(Set.of("kind", "name", "group", "version").contains(key), "unsupported patch target field " + key);
        }
        int matched = 0;
        for (Map<String, Object> object : objects) {
            boolean matches = target.isEmpty()
                    ? object.get("kind").equals(patch.get("kind")) && name(object).equals(name(patch))
                    : (target.get("kind") == null || object.get("kind").equals(target.get("kind")))
                      && (target.get("name") == null || name(object).matches((String) target.get("name")));
            if (matches) {
                Map<String, Object> body = new LinkedHashMap<>(patch);
                body.remove("apiVersion");
                body.remove("kind");
                Map<String, Object> metadata = new LinkedHashMap<>(Yaml.map(body.get("metadata")));
                metadata.remove("name");
                metadata.remove("namespace");
                body.put("metadata", metadata);
                mergeMap(object, body, builtin(object));
                matched++;
            }
        }
        require(matched > 0, "patch matches nothing: " + entry);
    }

    /** Kubernetes' own types merge lists by their schema's patch keys; custom resources by Kyaml's heuristic. */
    private static boolean builtin(Map<String, Object> object) {
        String apiVersion = (String) object.get("apiVersion");
        return !apiVersion.contains("/") || !apiVersion.substring(0, apiVersion.indexOf('/')).contains(".")
                || apiVersion.substring(0, apiVersion.indexOf('/')).endsWith(".k8s.io");
    }

    @SuppressWarnings("unchecked")
    private static void mergeMap(Map<String, Object> dest, Map<String, Object> patch, boolean builtin) {
        for (Map.Entry<String, Object> entry : patch.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            require(!key.startsWith("$"), "strategic merge directives are not supported: " + key);
            Object current = dest.get(key);
            if (value == null) {
                dest.remove(key);
            } else if (value instanceof Map && current instanceof Map) {
                mergeMap((Map<String, Object>) current, (Map<String, Object>) value, builtin);
            } else if (value instanceof List && current instanceof List) {
                dest.put(key, mergeList(key, (List<Object>) current, (List<Object>) value, builtin));
            } else {
                dest.put(key, Yaml.copy(value));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeList(String field, List<Object> dest, List<Object> patch, boolean builtin) {
        String key = mergeKey(field, dest, patch, builtin);
        if (key == null) {
            return (List<Object>) Yaml.copy(patch);
        }
        Map<Object, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Object item : dest) {
            byKey.put(((Map<String, Object>) item).get(key), (Map<String, Object>) item);
        }
        // Kyaml's order: the patch's elements (merged into their counterparts), then the rest of the original
        List<Object> merged = new ArrayList<>();
        Set<Object> seen = new LinkedHashSet<>();
        for (Object item : patch) {
            Map<String, Object> element = (Map<String, Object>) item;
            Object id = element.get(key);
            Map<String, Object> original = byKey.get(id);
            if (original == null) {
                merged.add(Yaml.copy(element));
            } else {
                mergeMap(original, element, builtin);
                merged.add(original);
            }
            seen.add(id);
        }
        for (Map.Entry<Object, Map<String, Object>> e : byKey.entrySet()) {
            if (!seen.contains(e.getKey())) {
                merged.add(e.getValue());
            }
        }
        return merged;
    }

    private static String mergeKey(String field, List<Object> dest, List<Object> patch, boolean builtin) {
        List<Object> all = new ArrayList<>(dest);
        all.addAll(patch);
        if (all.isEmpty() || !all.stream().allMatch(item -> item instanceof Map)) {
            return null;
        }
        if (builtin) {
            String key = switch (field) {
                case "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets"
                    -> "name";
                case "volumeMounts" -> "mountPath";
                case "ports" -> ((Map<?, ?>) all.get(0)).containsKey("containerPort") ? "containerPort" : "port";
                case "topologySpreadConstraints" -> "topologyKey";
                default -> null;
            };
            return key;
        }
        Map<?, ?> first = (Map<?, ?>) all.get(0);
        return ASSOCIATIVE_KEYS.stream().filter(first::containsKey).findFirst().orElse(null);
    }

    // ---- images

    @SuppressWarnings("unchecked")
    private static void retag(Object node, Map<String, Object> image) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                if ((entry.getKey().equals("containers") || entry.getKey().equals("initContainers"))
                        && entry.getValue() instanceof List<?> containers) {
                    for (Object container : containers) {
                        Map<String, Object> c = (Map<String, Object>) container;
                        if (c.get("image") instanceof String current) {
                            c.put("image", retagged(current, image));
                        }
                    }
                } else {
                    retag(entry.getValue(), image);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> retag(item, image));
        }
    }

    private static String retagged(String current, Map<String, Object> image) {
        int at = current.indexOf('@');
        String withoutDigest = at < 0 ? current : current.substring(0, at);
        int colon = withoutDigest.lastIndexOf(':');
        boolean hasTag = colon > withoutDigest.lastIndexOf('/');
        String name = hasTag ? withoutDigest.substring(0, colon) : withoutDigest;
        if (!name.equals(image.get("name"))) {
            return current;
        }
        String newName = Objects.toString(image.get("newName"), name);
        if (image.get("digest") != null) {
            return newName + "@" + image.get("digest");
        }
        if (image.get("newTag") != null) {
            return newName + ":" + image.get("newTag");
        }
        return newName + current.substring(name.length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
