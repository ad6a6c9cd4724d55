package io.seqline.standalone;

import io.seqline.common.grpc.GrpcServerRunner;
import io.seqline.gateway.GatewayApplication;
import io.seqline.gateway.config.ClientServerLifecycle;
import io.seqline.history.HistoryApplication;
import io.seqline.routing.RoutingApplication;
import io.seqline.sequence.SequenceApplication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * All four services in this JVM, each in its own Spring context with its own configuration, talking to
 * each other only through Kafka, Redis, PostgreSQL and gRPC, exactly as separate processes would.
 */
public final class SeqlineCluster implements AutoCloseable {

    private final InfraEndpoints infra;
    private final ClusterSettings settings;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private final List<ConfigurableApplicationContext> gateways = new ArrayList<>();
    private ConfigurableApplicationContext history;
    private ConfigurableApplicationContext sequence;
    private ConfigurableApplicationContext routing;

    private SeqlineCluster(InfraEndpoints infra, ClusterSettings settings) {
        this.infra = infra;
        this.settings = settings;
    }

    /** Starts history, sequence, routing, then the gateways. */
    public static SeqlineCluster start(InfraEndpoints infra, ClusterSettings settings) {
        SeqlineCluster cluster = new SeqlineCluster(infra, settings);
        try {
            cluster.history = cluster.run(HistoryApplication.builder(), Map.of(
                    "seqline.grpc.port", settings.historyGrpcPort(),
                    "spring.datasource.url", withBatchRewrite(infra.postgresJdbc())));
            cluster.sequence = cluster.run(SequenceApplication.builder(), Map.of(
                    "seqline.grpc.port", settings.sequenceGrpcPort(),
                    "seqline.sequencer.history-address", "127.0.0.1:" + cluster.historyGrpcPort(),
                    "spring.datasource.url", infra.postgresJdbc()));
            cluster.routing = cluster.run(RoutingApplication.builder(), Map.of("seqline.grpc.port", 0,
                    "seqline.routing.history-address", "127.0.0.1:" + cluster.historyGrpcPort()));
            for (int i = 0; i < settings.gatewayClientPorts().size(); i++) {
                cluster.startGateway(i);
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** (Re)starts gateway {@code index} with the id {@code gw-<index+1>}. */
    public synchronized void startGateway(int index) {
        while (gateways.size() <= index) {
            gateways.add(null);
        }
        if (gateways.get(index) != null) {
            return;
        }
        gateways.set(index, run(GatewayApplication.builder(), Map.of(
                "seqline.gateway.id", "gw-" + (index + 1),
                "seqline.gateway.client-port", settings.gatewayClientPorts().get(index),
                "seqline.grpc.port", settings.gatewayGrpcPorts().get(index),
                "seqline.gateway.history-address", "127.0.0.1:" + historyGrpcPort(),
                "seqline.gateway.dev-endpoints", settings.devEndpoints(),
                "seqline.gateway.route-refresh", settings.routeRefresh().toMillis() + "ms",
                "seqline.jwt.secret", settings.jwtSecret())));
    }

    /** Stops gateway {@code index}: its sockets close, its routes expire or are replaced. */
    public synchronized void stopGateway(int index) {
        ConfigurableApplicationContext gateway = gateways.get(index);
        if (gateway != null) {
            services.remove(gateway);
            gateway.close();
            gateways.set(index, null);
        }
    }

    public int gatewayCount() {
        return gateways.size();
    }

    public int gatewayClientPort(int index) {
        return gateways.get(index).getBean(ClientServerLifecycle.class).port();
    }

    public int gatewayGrpcPort(int index) {
        return gateways.get(index).getBean(GrpcServerRunner.class).port();
    }

    public int historyGrpcPort() {
        return history.getBean(GrpcServerRunner.class).port();
    }

    public int sequenceGrpcPort() {
        return sequence.getBean(GrpcServerRunner.class).port();
    }

    public String adminKey() {
        return settings.adminKey();
    }

    public InfraEndpoints infra() {
        return infra;
    }

    private ConfigurableApplicationContext run(SpringApplicationBuilder builder, Map<String, Object> own) {
        Map<String, Object> properties = new HashMap<>(settings.extraProperties());
        properties.putAll(own);
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.kafka.bootstrap-servers", infra.kafkaBootstrap());
        properties.put("seqline.redis.url", infra.redisUrl());
        properties.putIfAbsent("spring.datasource.url", infra.postgresJdbc());
        properties.put("spring.datasource.username", infra.postgresUser());
        properties.put("spring.datasource.password", infra.postgresPassword());
        properties.put("seqline.grpc.admin-key", settings.adminKey());
        properties.put("seqline.topics.partitions", settings.partitions());
        properties.put("seqline.topics.replication", 1);
        // as command-line arguments, so they override the service's own yml (default properties would not)
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = builder.run(args);
        services.add(context);
        return context;
    }

    private static String withBatchRewrite(String jdbcUrl) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }

    /** Stops the gateways first, then routing, sequence and history. */
    @Override
    public synchronized void close() {
        List<ConfigurableApplicationContext> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        for (ConfigurableApplicationContext context : reversed) {
            context.close();
        }
        services.clear();
        gateways.replaceAll(g -> null);
    }
}
