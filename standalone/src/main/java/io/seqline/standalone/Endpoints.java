package io.seqline.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The {@code endpoints.json} written for clients, tests and the bench: where everything listens. */
public record Endpoints(String gatewayWs, String gatewayHttp, String gatewayGrpc, String historyGrpc, String sequenceGrpc,
                 String kafkaBootstrap, String redisUrl, String postgresJdbc, String adminKey, String gatewaysWs) {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The first gateway's addresses; {@code gatewaysWs} lists every gateway's WebSocket URL, space-separated. */
    public static Endpoints of(SeqlineCluster cluster) {
        int port = cluster.gatewayClientPort(0);
        InfraEndpoints infra = cluster.infra();
        String gateways = java.util.stream.IntStream.range(0, cluster.gatewayCount())
                .mapToObj(i -> "ws://127.0.0.1:" + cluster.gatewayClientPort(i) + "/ws")
                .collect(java.util.stream.Collectors.joining(" "));
        return new Endpoints("ws://127.0.0.1:" + port + "/ws", "http://127.0.0.1:" + port,
                "127.0.0.1:" + cluster.gatewayGrpcPort(0), "127.0.0.1:" + cluster.historyGrpcPort(),
                "127.0.0.1:" + cluster.sequenceGrpcPort(), infra.kafkaBootstrap(), infra.redisUrl(),
                infra.postgresJdbc(), cluster.adminKey(), gateways);
    }

    Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("gatewayWs", gatewayWs);
        map.put("gatewayHttp", gatewayHttp);
        map.put("gatewayGrpc", gatewayGrpc);
        map.put("historyGrpc", historyGrpc);
        map.put("sequenceGrpc", sequenceGrpc);
        map.put("kafkaBootstrap", kafkaBootstrap);
        map.put("redisUrl", redisUrl);
        map.put("postgresJdbc", postgresJdbc);
        map.put("adminKey", adminKey);
        map.put("gatewaysWs", gatewaysWs);
        return map;
    }

    /** The fields in declaration order, one per line. */
    String toJson() {
        return JSON.writeValueAsString(asMap()) + "\n";
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
