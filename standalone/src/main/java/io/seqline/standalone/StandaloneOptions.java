package io.seqline.standalone;

import java.nio.file.Path;

/**
 * What the standalone runs with (parsed by {@link StandaloneCommand}): data dir {@code ./data}, gateway client
 * port 8080 (gRPC 9090), history 9091, sequence 9092, Kafka 9192, Redis 6380, PostgreSQL 5433, one gateway
 * unless told otherwise.
 */
public record StandaloneOptions(Path dataDir, int gatewayPort, int gateways, int kafkaPort, int redisPort,
                                int postgresPort) {
}
