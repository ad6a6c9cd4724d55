package io.seqline.standalone;

import io.seqline.embedded.EmbeddedKafka;
import io.seqline.embedded.EmbeddedPostgres;
import io.seqline.embedded.EmbeddedRedis;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command, the whole system: embedded Kafka (KRaft), Redis and PostgreSQL under the data directory,
 * then history, sequence, routing and the gateway(s) in this JVM. Stops cleanly on Ctrl-C / SIGTERM;
 * a restart on the same data directory keeps conversations, history and seqs.
 */
public final class StandaloneMain {

    private static final Logger log = LoggerFactory.getLogger(StandaloneMain.class);

    private StandaloneMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // before anything starts: --help and refused arguments end here
        StandaloneCommand.Parsed parsed = StandaloneCommand.parse(args, System.getenv(),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (parsed.options() == null) {
            System.exit(parsed.exitCode());
            return;
        }
        run(parsed.options());
    }

    private static void run(StandaloneOptions options) throws InterruptedException {
        Path data = options.dataDir().toAbsolutePath();
        List<AutoCloseable> started = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(started);
            stopped.countDown();
        }, "seqline-shutdown"));

        try {
            start(options, data, started);
        } catch (RuntimeException e) {
            log.error("Seqline standalone failed to start", e);
            System.exit(1); // the shutdown hook stops whatever had started
        }
        stopped.await();
    }

    private static void start(StandaloneOptions options, Path data, List<AutoCloseable> started) {
        started.add(DataDirLock.acquire(data)); // before anything touches the directory
        EmbeddedPostgres postgres = EmbeddedPostgres.start(data.resolve("postgres"), options.postgresPort());
        started.add(postgres);
        EmbeddedRedis redis = EmbeddedRedis.start(data.resolve("redis"), options.redisPort(), true);
        started.add(redis);
        EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), options.kafkaPort());
        started.add(kafka);

        InfraEndpoints infra = new InfraEndpoints(kafka.bootstrapServers(), redis.url(), postgres.jdbcUrl(),
                postgres.user(), postgres.password());
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> grpcPorts = new ArrayList<>();
        for (int i = 0; i < options.gateways(); i++) {
            clientPorts.add(options.gatewayPort() == 0 ? 0 : options.gatewayPort() + i);
            grpcPorts.add(i == 0 ? 9090 : 9100 + i);
        }
        ClusterSettings settings = new ClusterSettings(clientPorts, grpcPorts, 9091, 9093,
                Secrets.loadOrCreate(data.resolve("admin-key"), 24),
                Secrets.loadOrCreate(data.resolve("jwt-secret"), 32), true, 12, java.time.Duration.ofSeconds(10),
                // static consumer-group membership: after a crash (SIGKILL) the restarted services take their
                // partitions back at once instead of waiting for the dead members' sessions to time out
                java.util.Map.of("spring.kafka.consumer.properties.group.instance.id", "seqline-standalone"));
        SeqlineCluster cluster = SeqlineCluster.start(infra, settings);
        started.add(cluster);

        Endpoints endpoints = Endpoints.of(cluster);
        endpoints.write(data.resolve("endpoints.json"));
        printBanner(endpoints, cluster, data);
    }

    private static void printBanner(Endpoints endpoints, SeqlineCluster cluster, Path data) {
        StringBuilder banner = new StringBuilder("\n  Seqline is running\n\n");
        banner.append("  demo chat         ").append(endpoints.gatewayHttp()).append('\n');
        banner.append("  dev token         ").append(endpoints.gatewayHttp()).append("/dev/token?user=alice\n");
        for (int i = 0; i < cluster.gatewayCount(); i++) {
            banner.append("  gateway ").append(i + 1).append(" ws      ws://127.0.0.1:").append(cluster.gatewayClientPort(i))
                    .append("/ws?token=<JWT>&device=<id>&codec=json\n");
        }
        endpoints.asMap().forEach((k, v) -> {
            if (!k.equals("gatewayWs") && !k.equals("gatewayHttp")) {
                banner.append(String.format("  %-17s %s%n", k, v));
            }
        });
        cluster.managementPorts().forEach((service, port) -> banner.append(String.format(
                "  %-17s http://127.0.0.1:%d/actuator/prometheus%n", service + " mgmt", port)));
        banner.append("  endpoints.json    ").append(data.resolve("endpoints.json")).append("\n\n  Ctrl-C stops it.\n");
        System.out.println(banner);
        log.info("Seqline standalone ready");
    }

    private static void stopAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
