package io.seqline.standalone;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Standalone options, from {@code --name=value} arguments, else {@code SEQLINE_*} environment variables,
 * else defaults: data dir {@code ./data}, gateway client port 8080 (gRPC 9090), history 9091,
 * sequence 9092, Kafka 9092+100 = 9192, Redis 6380, PostgreSQL 5433, one gateway.
 */
public record StandaloneOptions(Path dataDir, int gatewayPort, int gateways, int kafkaPort, int redisPort,
                                int postgresPort) {

    public static StandaloneOptions parse(String[] args) {
        return new StandaloneOptions(
                Paths.get(value(args, "data-dir", "SEQLINE_DATA_DIR", "data")),
                intValue(args, "port", "SEQLINE_PORT", 8080),
                intValue(args, "gateways", "SEQLINE_GATEWAYS", 1),
                intValue(args, "kafka-port", "SEQLINE_KAFKA_PORT", 9192),
                intValue(args, "redis-port", "SEQLINE_REDIS_PORT", 6380),
                intValue(args, "postgres-port", "SEQLINE_POSTGRES_PORT", 5433));
    }

    private static String value(String[] args, String name, String env, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        String fromEnv = System.getenv(env);
        return fromEnv == null || fromEnv.isBlank() ? fallback : fromEnv;
    }

    private static int intValue(String[] args, String name, String env, int fallback) {
        String raw = value(args, name, env, Integer.toString(fallback));
        try {
            int parsed = Integer.parseInt(raw);
            if (parsed < 0 || parsed > 65535) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": " + raw + " (expected: a number 0..65535)");
        }
    }
}
