package io.seqline.deploycheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * What one service can be configured with: every key of its own {@code <service>.yml} and every property
 * of the {@code @ConfigurationProperties} records its application class enables (directly or through the
 * configurations it imports), plus the few Spring Boot keys a deployment sets that are in neither. The
 * environment variables a deployment may set are the relaxed-binding forms of those names.
 */
record ServiceConfig(String module, Map<String, Object> yml, Set<String> properties) {

    /** Boot keys a deployment may set that a service's yml need not mention. */
    private static final List<String> BOOT_KEYS = List.of("logging.structured.format.console",
            "logging.structured.format.file", "spring.kafka.security.protocol");

    /** Boot's Redis settings a service with Redis ({@code spring.data.redis.host} in its yml) may be given. */
    private static final List<String> REDIS_KEYS = List.of("spring.data.redis.url", "spring.data.redis.username",
            "spring.data.redis.password", "spring.data.redis.ssl.enabled", "spring.data.redis.ssl.bundle",
            "spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.master", "spring.data.redis.sentinel.nodes",
            "spring.data.redis.sentinel.password", "spring.data.redis.client-name");

    /** Boot map properties a deployment may add entries to ({@code SPRING_KAFKA_PROPERTIES_SASL_MECHANISM}). */
    private static final List<String> BOOT_MAPS = List.of("spring.kafka.properties");

    /** Variables the JVM itself reads, not Spring. */
    private static final List<String> JVM_VARIABLES = List.of("JAVA_TOOL_OPTIONS");

    static final Map<String, ServiceConfig> ALL = Map.of(
            "gateway-service", of("gateway-service", io.seqline.gateway.GatewayApplication.class),
            "sequence-service", of("sequence-service", io.seqline.sequence.SequenceApplication.class),
            "routing-service", of("routing-service", io.seqline.routing.RoutingApplication.class),
            "history-service", of("history-service", io.seqline.history.HistoryApplication.class));

    static ServiceConfig of(String module, Class<?> application) {
        Map<String, Object> yml = new LinkedHashMap<>();
        try (InputStream in = application.getResourceAsStream("/" + module + ".yml")) {
            if (in == null) {
                throw new IllegalStateException("no " + module + ".yml on the classpath");
            }
            flatten("", Yaml.all(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).get(0), yml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> properties = new LinkedHashSet<>(yml.keySet());
        for (Class<?> record : propertiesClasses(application, new LinkedHashSet<>())) {
            String prefix = record.getAnnotation(ConfigurationProperties.class).value();
            if (prefix.isEmpty()) {
                prefix = record.getAnnotation(ConfigurationProperties.class).prefix();
            }
            addRecord(prefix, record, properties);
        }
        properties.addAll(BOOT_KEYS);
        if (yml.containsKey("spring.data.redis.host")) {
            properties.addAll(REDIS_KEYS);
        }
        return new ServiceConfig(module, yml, properties);
    }

    /** The value of a key: the environment's (relaxed binding) if it sets one, else the yml default. */
    String value(String property, Map<String, String> env) {
        for (String name : envNames(property)) {
            if (env.containsKey(name)) {
                return env.get(name);
            }
        }
        Object fallback = yml.get(property);
        return fallback == null ? null : fallback.toString();
    }

    /** True when an environment variable of this name binds to one of the service's properties. */
    boolean accepts(String envName) {
        if (JVM_VARIABLES.contains(envName)
                || BOOT_MAPS.stream().anyMatch(map -> envName.startsWith(map.toUpperCase(Locale.ROOT).replace('.', '_') + "_"))) {
            return true;
        }
        return properties.stream().anyMatch(p -> envNames(p).contains(envName));
    }

    /**
     * Spring Boot's environment-variable forms of a property name: dots to underscores, upper case, and dashes
     * either removed (the canonical form, {@code SEQLINE_GRPC_ADMINKEY}) or turned into underscores (the
     * legacy form Boot also binds, {@code SEQLINE_GRPC_ADMIN_KEY}).
     */
    static Set<String> envNames(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return new LinkedHashSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
    }

    private static Set<Class<?>> propertiesClasses(Class<?> type, Set<Class<?>> visited) {
        Set<Class<?>> found = new LinkedHashSet<>();
        if (!visited.add(type)) {
            return found;
        }
        EnableConfigurationProperties enabled = type.getAnnotation(EnableConfigurationProperties.class);
        if (enabled != null) {
            found.addAll(List.of(enabled.value()));
        }
        Import imports = type.getAnnotation(Import.class);
        if (imports != null) {
            for (Class<?> imported : imports.value()) {
                found.addAll(propertiesClasses(imported, visited));
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            found.addAll(propertiesClasses(nested, visited));
        }
        return found;
    }

    private static void addRecord(String prefix, Class<?> type, Set<String> properties) {
        if (!type.isRecord()) {
            throw new IllegalStateException(type + " is expected to be a configuration record");
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            if (component.getType().isRecord()) {
                addRecord(name, component.getType(), properties);
            } else {
                properties.add(name);
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> node, Map<String, Object> into) {
        node.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> map) {
                flatten(name, (Map<String, Object>) map, into);
            } else {
                into.put(name, value);
            }
        });
    }
}
