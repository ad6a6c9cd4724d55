package io.seqline.standalone;

import java.util.List;

/**
 * How to lay out the services of one {@link SeqlineCluster}.
 *
 * @param gatewayClientPorts one entry per gateway instance (0 = any free port)
 * @param gatewayGrpcPorts   the gateways' gRPC ports, same length (0 = any free port)
 * @param historyGrpcPort    0 = any free port
 * @param sequenceGrpcPort   0 = any free port
 * @param adminKey           admin key of every gRPC API
 * @param jwtSecret          HS256 secret of client tokens
 * @param devEndpoints       serve {@code /dev/token} on the gateways
 * @param partitions         partitions of every topic
 * @param routeRefresh       how often gateways re-write their routes to Redis
 * @param extraProperties    further properties for every service (e.g. a shorter recall window in tests)
 */
public record ClusterSettings(List<Integer> gatewayClientPorts, List<Integer> gatewayGrpcPorts, int historyGrpcPort,
                              int sequenceGrpcPort, String adminKey, String jwtSecret, boolean devEndpoints,
                              int partitions, java.time.Duration routeRefresh,
                              java.util.Map<String, Object> extraProperties) {

    public ClusterSettings {
        if (gatewayClientPorts.isEmpty() || gatewayClientPorts.size() != gatewayGrpcPorts.size()) {
            throw new IllegalArgumentException("need one client and one gRPC port per gateway");
        }
        gatewayClientPorts = List.copyOf(gatewayClientPorts);
        gatewayGrpcPorts = List.copyOf(gatewayGrpcPorts);
        extraProperties = java.util.Map.copyOf(extraProperties);
    }

    /** The same settings with further properties for every service. */
    public ClusterSettings with(java.util.Map<String, Object> properties) {
        java.util.Map<String, Object> merged = new java.util.HashMap<>(extraProperties);
        merged.putAll(properties);
        return new ClusterSettings(gatewayClientPorts, gatewayGrpcPorts, historyGrpcPort, sequenceGrpcPort, adminKey,
                jwtSecret, devEndpoints, partitions, routeRefresh, merged);
    }

    /** {@code gateways} instances on free ports, for tests. */
    public static ClusterSettings onFreePorts(int gateways, String adminKey, String jwtSecret) {
        List<Integer> zeros = java.util.Collections.nCopies(gateways, 0);
        return new ClusterSettings(zeros, zeros, 0, 0, adminKey, jwtSecret, true, 4, java.time.Duration.ofSeconds(1),
                java.util.Map.of());
    }
}
