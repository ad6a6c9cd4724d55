package io.seqline.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.seqline.embedded.EmbeddedKafka;
import io.seqline.embedded.EmbeddedPostgres;
import io.seqline.embedded.EmbeddedRedis;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.standalone.ClusterSettings;
import io.seqline.standalone.InfraEndpoints;
import io.seqline.standalone.SeqlineCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Seqline under test: the whole standalone system on embedded Kafka, Redis and PostgreSQL in a temporary
 * data directory, in this JVM or in a child JVM ({@link SystemProcess}); or a deployment described by
 * {@code endpoints.json}. {@link Targets} picks one per scenario.
 */
final class Target implements AutoCloseable {

    final String gatewayWs;
    /** Every gateway's WebSocket URL (the first is {@link #gatewayWs}); clients are spread over them by user. */
    final List<String> gatewaysWs;
    final String gatewayHttp;
    final String historyGrpc;
    final String kafkaBootstrap;
    final String redisUrl;
    final String adminKey;
    /** The cluster when it runs in this JVM, else null (in-process figures such as the sequencer need it). */
    final SeqlineCluster cluster;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private ManagedChannel historyChannel;

    private Target(String gatewayWs, String gatewayHttp, String historyGrpc, String kafkaBootstrap, String redisUrl,
                   String adminKey, SeqlineCluster cluster) {
        this(List.of(gatewayWs), gatewayHttp, historyGrpc, kafkaBootstrap, redisUrl, adminKey, cluster);
    }

    private Target(List<String> gatewaysWs, String gatewayHttp, String historyGrpc, String kafkaBootstrap, String redisUrl,
                   String adminKey, SeqlineCluster cluster) {
        this.gatewayWs = gatewaysWs.get(0);
        this.gatewaysWs = List.copyOf(gatewaysWs);
        this.gatewayHttp = gatewayHttp;
        this.historyGrpc = historyGrpc;
        this.kafkaBootstrap = kafkaBootstrap;
        this.redisUrl = redisUrl;
        this.adminKey = adminKey;
        this.cluster = cluster;
    }

    /** A deployment described by an endpoints.json (the standalone's, or the system child's). */
    static Target fromEndpoints(Path file) {
        try {
            String json = Files.readString(file);
            String all = json.contains("\"gatewaysWs\"") ? Json.field(json, "gatewaysWs") : Json.field(json, "gatewayWs");
            return new Target(List.of(all.trim().split("\\s+")), Json.field(json, "gatewayHttp"), Json.field(json, "historyGrpc"),
                    Json.field(json, "kafkaBootstrap"), Json.field(json, "redisUrl"), Json.field(json, "adminKey"), null);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closed with this target, after what it started itself. */
    void own(AutoCloseable resource) {
        owned.add(0, resource);
    }

    /** Only the gateway's HTTP side (tokens), for the connection opener's child process. */
    static Target external(String gatewayHttp) {
        return new Target(gatewayHttp.replace("http", "ws") + "/ws", gatewayHttp, null, null, null, null, null);
    }

    /** Like StandaloneMain, in a temporary data directory, with limits raised for load generation. */
    static Target startEmbedded(BenchOptions options) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Path data = Files.createTempDirectory("seqline-bench-");
            started.add(() -> deleteTree(data)); // closed last, once everything that writes there has stopped
            EmbeddedPostgres postgres = EmbeddedPostgres.start(data.resolve("postgres"), 0);
            started.add(postgres);
            EmbeddedRedis redis = EmbeddedRedis.start(data.resolve("redis"), 0, false);
            started.add(redis);
            EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), 0);
            started.add(kafka);
            InfraEndpoints infra = new InfraEndpoints(kafka.bootstrapServers(), redis.url(), postgres.jdbcUrl(),
                    postgres.user(), postgres.password());
            String adminKey = "bench-admin-" + UUID.randomUUID();
            ClusterSettings settings = ClusterSettings.onFreePorts(options.integer("gateways", 1), adminKey,
                            "bench-jwt-" + UUID.randomUUID())
                    .with(tuning(options));
            settings = new ClusterSettings(settings.gatewayClientPorts(), settings.gatewayGrpcPorts(), 0, 0, adminKey,
                    settings.jwtSecret(), true, options.integer("partitions", 12), Duration.ofSeconds(10),
                    settings.extraProperties());
            SeqlineCluster cluster = SeqlineCluster.start(infra, settings);
            started.add(cluster);
            for (int i = 1; i < options.integer("sequencers", 1); i++) {
                cluster.startExtraSequencer(); // the same consumer group: im.inbound's partitions are shared
            }
            int port = cluster.gatewayClientPort(0);
            List<String> gateways = java.util.stream.IntStream.range(0, cluster.gatewayCount())
                    .mapToObj(i -> "ws://127.0.0.1:" + cluster.gatewayClientPort(i) + "/ws").toList();
            Target target = new Target(gateways, "http://127.0.0.1:" + port,
                    "127.0.0.1:" + cluster.historyGrpcPort(), infra.kafkaBootstrap(), infra.redisUrl(), adminKey, cluster);
            target.owned.addAll(started);
            return target;
        } catch (IOException | RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                closeQuietly(started.get(i));
            }
            throw new IllegalStateException("could not start the embedded Seqline: " + e.getMessage(), e);
        }
    }

    /**
     * Configuration for load generation: the per-user and per-connection rate limits and the per-user
     * connection cap are edge protections against abusive clients; the bench's few senders each carry the
     * traffic of many users, so they are raised. Nothing on the ordering path changes.
     */
    private static Map<String, Object> tuning(BenchOptions options) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("seqline.gateway.limits.frames-per-second", 1_000_000);
        p.put("seqline.gateway.limits.frame-burst", 1_000_000);
        p.put("seqline.gateway.limits.user-sends-per-second", 1_000_000);
        p.put("seqline.gateway.limits.user-send-burst", 1_000_000);
        p.put("seqline.gateway.limits.connections-per-user", 1_000_000);
        p.put("seqline.gateway.idle-timeout", "600s");
        p.put("logging.level.root", options.string("log-level", "WARN"));
        p.put("logging.level.org.apache.kafka", "ERROR");
        // --txn-log-level TRACE shows each transactional request and its answer (BENCHMARKS.md)
        p.put("logging.level.org.apache.kafka.clients.producer.internals.TransactionManager", options.string("txn-log-level", "ERROR"));
        return p;
    }

    URI ws() {
        return base(gatewayWs);
    }

    /** The gateway a client of {@code user} connects to: the users are spread over every gateway. */
    URI ws(String user) {
        return base(gatewaysWs.get(Math.floorMod(user.hashCode(), gatewaysWs.size())));
    }

    private static URI base(String ws) {
        return URI.create(ws.endsWith("/ws") ? ws.substring(0, ws.length() - 3) : ws);
    }

    URI wsPath() {
        return URI.create(gatewayWs);
    }

    /** A client token for {@code user}, from the gateway's {@code /dev/token}. */
    String token(String user) {
        // not computeIfAbsent: tokenAsync stores the token itself, from the HTTP client's thread, which a
        // mapping function still running for the same key would block for ever
        String cached = tokens.get(user);
        return cached != null ? cached : tokenAsync(user).join();
    }

    CompletableFuture<String> tokenAsync(String user) {
        String cached = tokens.get(user);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayHttp + "/dev/token?user=" + user))
                .timeout(Duration.ofSeconds(30)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/dev/token?user=" + user + ": HTTP " + response.statusCode());
            }
            String token = Json.field(response.body(), "token");
            tokens.put(user, token);
            return token;
        });
    }

    /** Fetches tokens for many users, a bounded number at a time. */
    void prefetchTokens(List<String> users) {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(64);
        List<CompletableFuture<String>> all = new ArrayList<>();
        for (String user : users) {
            permits.acquireUninterruptibly();
            all.add(tokenAsync(user).whenComplete((t, e) -> permits.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    /** The History gRPC API with the admin key. */
    synchronized HistoryGrpc.HistoryBlockingStub history() {
        if (historyChannel == null) {
            historyChannel = ManagedChannelBuilder.forTarget(historyGrpc).usePlaintext().build();
        }
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + adminKey);
        return HistoryGrpc.newBlockingStub(historyChannel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (historyChannel != null) {
            historyChannel.shutdownNow();
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            closeQuietly(owned.get(i));
        }
        owned.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("bench: error while stopping " + c + ": " + e);
        }
    }

    /** Deletes {@code dir} and everything in it, if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
