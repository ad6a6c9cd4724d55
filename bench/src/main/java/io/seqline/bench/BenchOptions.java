package io.seqline.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --key=value} or {@code --key value} options after the scenario name. */
final class BenchOptions {

    private final Map<String, String> values = new HashMap<>();

    static BenchOptions parse(String[] args, int from) {
        BenchOptions options = new BenchOptions();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg + " (expected --key=value)");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true";
            }
            options.values.put(key, value);
        }
        return options;
    }

    BenchOptions with(String key, Object value) {
        BenchOptions copy = new BenchOptions();
        copy.values.putAll(values);
        copy.values.putIfAbsent(key, String.valueOf(value));
        return copy;
    }

    String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int integer(String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key).replace("_", "")) : fallback;
    }

    double decimal(String key, double fallback) {
        return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
    }

    Duration duration(String key, Duration fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        String v = values.get(key).trim();
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
        }
        return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }
}
