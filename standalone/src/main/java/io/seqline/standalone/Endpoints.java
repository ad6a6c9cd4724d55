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
                 String kafkaBootstrap, String redisUrl, String postgresJdbc, String adminKey) {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public static Endpoints of(SeqlineCluster cluster) {
        int port = cluster.gatewayClientPort(0);
        InfraEndpoints infra = cluster.infra();
        return new Endpoints("ws://127.0.0.1:" + port + "/ws", "http://127.0.0.1:" + port,
                "127.0.0.1:" + cluster.gatewayGrpcPort(0), "127.0.0.1:" + cluster.historyGrpcPort(),
                "127.0.0.1:" + cluster.sequenceGrpcPort(), infra.kafkaBootstrap(), infra.redisUrl(),
                infra.postgresJdbc(), cluster.adminKey());
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
