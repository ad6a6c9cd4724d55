package io.seqline.standalone;

import io.seqline.gateway.GatewayApplication;
import io.seqline.gateway.auth.TokenService;
import io.seqline.gateway.config.ClientServerLifecycle;
import io.seqline.history.HistoryApplication;
import io.seqline.routing.RoutingApplication;
import io.seqline.sequence.SequenceApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

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
    private int historyPort;
    private int sequencePort;
    private final Map<Integer, Integer> gatewayPorts = new HashMap<>();
    private final Map<Integer, Integer> deliveryPorts = new HashMap<>();
    /** The key routing and the gateways share for the internal Delivery API: random, never leaves this process. */
    private final String deliveryKey = Secrets.random(24);

    private SeqlineCluster(InfraEndpoints infra, ClusterSettings settings) {
        this.infra = infra;
        this.settings = settings;
    }

    /** Starts history, sequence, routing, then the gateways. */
    public static SeqlineCluster start(InfraEndpoints infra, ClusterSettings settings) {
        SeqlineCluster cluster = new SeqlineCluster(infra, settings);
        try {
            cluster.startHistory();
            cluster.startSequencer();
            cluster.startRouting();
            for (int i = 0; i < settings.gatewayClientPorts().size(); i++) {
                cluster.startGateway(i);
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** (Re)starts history-service, on the port it had before (clients keep their channels). */
    public synchronized void startHistory() {
        if (history == null) {
            history = run(HistoryApplication.builder(), Map.of(
                    "seqline.grpc.port", historyPort != 0 ? historyPort : settings.historyGrpcPort(),
                    "spring.datasource.url", withBatchRewrite(infra.postgresJdbc())));
            historyPort = history.getBean(GrpcServerLifecycle.class).getPort();
        }
    }

    /** (Re)starts the sequencer, on the port it had before. */
    public synchronized void startSequencer() {
        if (sequence == null) {
            sequence = run(SequenceApplication.builder(), Map.of(
                    "seqline.grpc.port", sequencePort != 0 ? sequencePort : settings.sequenceGrpcPort(),
                    "seqline.sequencer.history-address", "127.0.0.1:" + historyPort,
                    "spring.datasource.url", infra.postgresJdbc()));
            sequencePort = sequence.getBean(GrpcServerLifecycle.class).getPort();
        }
    }

    /**
     * Starts one more sequencer instance in the same consumer group (gRPC on a free port): partitions
     * rebalance between the two; a batch in flight during the handover is read again by the new owner, and
     * the old one, fenced by its lower owner epoch, can no longer issue seqs for those partitions.
     */
    public synchronized ConfigurableApplicationContext startExtraSequencer() {
        return startExtraSequencer(Map.of());
    }

    /** As {@link #startExtraSequencer()}, with properties of its own (e.g. another Redis address). */
    public synchronized ConfigurableApplicationContext startExtraSequencer(Map<String, Object> own) {
        Map<String, Object> properties = new HashMap<>(Map.of("seqline.grpc.port", 0,
                "seqline.sequencer.history-address", "127.0.0.1:" + historyPort,
                "spring.datasource.url", infra.postgresJdbc()));
        properties.putAll(own);
        return run(SequenceApplication.builder(), properties);
    }

    public synchronized void startRouting() {
        if (routing == null) {
            routing = startExtraRouting();
        }
    }

    /** Starts one more routing instance in the same consumer groups: the partitions of its topics are shared. */
    public synchronized ConfigurableApplicationContext startExtraRouting() {
        return run(RoutingApplication.builder(), Map.of("seqline.grpc.port", 0,
                "seqline.delivery.key", deliveryKey,
                "seqline.routing.history-address", "127.0.0.1:" + historyPort));
    }

    /**
     * Starts one more history instance (gRPC on a free port) in the same consumer group: the ingest of
     * {@code im.messages} is shared; the other services keep calling the first one.
     */
    public synchronized ConfigurableApplicationContext startExtraHistory() {
        return run(HistoryApplication.builder(), Map.of("seqline.grpc.port", 0,
                "spring.datasource.url", withBatchRewrite(infra.postgresJdbc())));
    }

    /** Stops a service context (history, sequencer, routing or an extra instance); start it again with its start method. */
    public synchronized void stop(ConfigurableApplicationContext context) {
        if (context == null) {
            return;
        }
        services.remove(context);
        context.close();
        if (context == history) {
            history = null;
        } else if (context == sequence) {
            sequence = null;
        } else if (context == routing) {
            routing = null;
        }
    }

    public ConfigurableApplicationContext history() {
        return history;
    }

    public ConfigurableApplicationContext sequencer() {
        return sequence;
    }

    public ConfigurableApplicationContext routing() {
        return routing;
    }

    /** (Re)starts gateway {@code index} with the id {@code gw-<index+1>}. */
    public synchronized void startGateway(int index) {
        while (gateways.size() <= index) {
            gateways.add(null);
        }
        if (gateways.get(index) != null) {
            return;
        }
        // a restarted gateway comes back on the ports it had, so clients find it where they left it
        int clientPort = gatewayPorts.getOrDefault(index, settings.gatewayClientPorts().get(index));
        int grpcPort = gatewayPorts.getOrDefault(-index - 1, settings.gatewayGrpcPorts().get(index));
        gateways.set(index, run(GatewayApplication.builder(), Map.of(
                "seqline.gateway.id", "gw-" + (index + 1),
                "seqline.gateway.client-port", clientPort,
                "seqline.grpc.port", grpcPort,
                "seqline.delivery.port", deliveryPorts.getOrDefault(index, 0), // internal: any free port
                "seqline.delivery.key", deliveryKey,
                "seqline.gateway.history-address", "127.0.0.1:" + historyGrpcPort(),
                "seqline.gateway.dev-endpoints", settings.devEndpoints(),
                "seqline.gateway.route-refresh", settings.routeRefresh().toMillis() + "ms",
                "seqline.jwt.secret", settings.jwtSecret())));
        gatewayPorts.put(index, gatewayClientPort(index));
        gatewayPorts.put(-index - 1, gatewayGrpcPort(index));
        deliveryPorts.put(index, gatewayDeliveryPort(index));
    }

    /** Kills gateway {@code index}: its sockets drop at once, clients are not told (as in a crash). */
    public synchronized void killGateway(int index) {
        ConfigurableApplicationContext gateway = gateways.get(index);
        if (gateway != null) {
            gateway.getBean(ClientServerLifecycle.class).abort();
            stopGateway(index);
        }
    }

    /**
     * Stops gateway {@code index} gracefully: it stops accepting, tells its clients to reconnect elsewhere
     * and waits for them (up to its drain deadline); its routes are replaced or expire.
     */
    public synchronized void stopGateway(int index) {
        ConfigurableApplicationContext gateway = gateways.get(index);
        if (gateway != null) {
            services.remove(gateway);
            gateway.close();
            gateways.set(index, null);
        }
    }

    /**
     * A client token for {@code user}, issued by a running gateway's token service with the default TTL: what
     * its {@code /dev/token} would answer, without the HTTP round trip.
     */
    public synchronized String token(String user) {
        for (ConfigurableApplicationContext gateway : gateways) {
            if (gateway != null) {
                return gateway.getBean(TokenService.class).issue(user, Duration.ZERO).token();
            }
        }
        throw new IllegalStateException("no gateway is running to issue a token");
    }

    /** Gateway {@code index}'s context, or null while it is stopped. */
    public synchronized ConfigurableApplicationContext gateway(int index) {
        return index < gateways.size() ? gateways.get(index) : null;
    }

    public int gatewayCount() {
        return gateways.size();
    }

    /** The client port of gateway {@code index} (also while it is stopped: it comes back there). */
    public int gatewayClientPort(int index) {
        ConfigurableApplicationContext gateway = gateways.get(index);
        return gateway != null ? gateway.getBean(ClientServerLifecycle.class).port() : gatewayPorts.get(index);
    }

    public int gatewayGrpcPort(int index) {
        return gateways.get(index).getBean(GrpcServerLifecycle.class).getPort();
    }

    /** The internal Delivery port of gateway {@code index} (serves only Delivery, with {@link #deliveryKey()}). */
    public int gatewayDeliveryPort(int index) {
        return gateways.get(index).getBean(io.seqline.gateway.delivery.DeliveryServer.class).port();
    }

    /** The key of the internal Delivery API, shared by routing and the gateways of this cluster. */
    public String deliveryKey() {
        return deliveryKey;
    }

    public int historyGrpcPort() {
        return historyPort;
    }

    public int sequenceGrpcPort() {
        return sequencePort;
    }

    /**
     * The management (actuator) HTTP port of each running service: {@code history}, {@code sequence},
     * {@code routing}, {@code gateway-1}, {@code gateway-2}, ...
     */
    public synchronized Map<String, Integer> managementPorts() {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        putManagementPort(ports, "history", history);
        putManagementPort(ports, "sequence", sequence);
        putManagementPort(ports, "routing", routing);
        for (int i = 0; i < gateways.size(); i++) {
            putManagementPort(ports, "gateway-" + (i + 1), gateways.get(i));
        }
        return ports;
    }

    private static void putManagementPort(Map<String, Integer> ports, String name, ConfigurableApplicationContext context) {
        if (context != null && context.isActive()) {
            ports.put(name, ((org.springframework.boot.web.server.context.WebServerApplicationContext) context)
                    .getWebServer().getPort());
        }
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
        // each service's management server (actuator health, /actuator/prometheus) on a free port
        properties.putIfAbsent("server.port", 0);
        properties.put("spring.kafka.bootstrap-servers", infra.kafkaBootstrap());
        if (!properties.containsKey("spring.data.redis.cluster.nodes")) { // else a Redis Cluster instead
            properties.putIfAbsent("spring.data.redis.url", infra.redisUrl()); // one service may reach it another way
        }
        properties.putIfAbsent("spring.datasource.url", infra.postgresJdbc());
        properties.put("spring.datasource.username", infra.postgresUser());
        properties.put("spring.datasource.password", infra.postgresPassword());
        properties.put("seqline.grpc.admin-key", settings.adminKey());
        properties.put("seqline.topics.partitions", settings.partitions());
        properties.putIfAbsent("seqline.topics.replication", 1); // one broker, unless the settings say otherwise
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
