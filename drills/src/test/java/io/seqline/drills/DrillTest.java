package io.seqline.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seqline.standalone.ClusterSettings;
import io.seqline.standalone.InfraEndpoints;
import io.seqline.standalone.SeqlineCluster;
import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.PostgresExtension;
import io.seqline.testsupport.RedisExtension;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the fault drills: a cluster of two gateways on real infrastructure (one JVM per drill class, as
 * drills stop and start that infrastructure), steady SDK traffic, one injected fault, then the verdict:
 * every message sent before, during and after is logged once, in order, and displayed exactly like the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DrillTest {

    static final String ADMIN_KEY = "drill-admin-key-0123456789";
    static final int PAIRS = 4;
    static final Duration INTERVAL = Duration.ofMillis(50);
    /** Acknowledged sends per line before the fault (about 2 s of traffic). */
    static final int WARM_UP_SENDS = 40;

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static SeqlineCluster cluster;
    static ManagedChannel history;
    /** The Kafka of the running cluster, to read {@code im.messages} back for the verdict. */
    static String bootstrapServers;
    /** The traffic of the drill under way (a class's drills run one after another). */
    private static volatile SteadyTraffic running;

    @BeforeAll
    void startCluster() {
        bootstrapServers = kafkaBootstrapServers();
        cluster = SeqlineCluster.start(new InfraEndpoints(bootstrapServers, redisUrl(), postgres.jdbcUrl(),
                postgres.user(), postgres.password()), clusterSettings());
        history = NettyChannelBuilder.forAddress("127.0.0.1", cluster.historyGrpcPort()).usePlaintext().build();
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (history != null) { // null when the cluster did not start
            history.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
        stopOwnInfrastructure();
    }

    /** The Kafka the services use: the shared test broker, unless a drill brings its own (called once). */
    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Redis the services use: the shared test server, unless a drill puts something in between. */
    String redisUrl() {
        return redis.url();
    }

    /** {@link #gateways()} gateways on free ports; a drill may add properties. */
    ClusterSettings clusterSettings() {
        return ClusterSettings.onFreePorts(gateways(), ADMIN_KEY, "drill-jwt-secret-0123456789abcdef0123456789");
    }

    /** How many gateways the cluster has: two, unless a drill needs more. */
    int gateways() {
        return 2;
    }

    /** Stops what {@link #kafkaBootstrapServers()} started for this drill class alone, after the services. */
    void stopOwnInfrastructure() {
    }

    /** Runs steady traffic, injects {@code fault} after a while, lets it run on, and judges the result. */
    static DrillVerdict drill(String name, Runnable fault, Duration after) {
        return drill(name, null, fault, after);
    }

    /** As above, every client connecting to {@code endpoint} when given, else half to each gateway. */
    static DrillVerdict drill(String name, URI endpoint, Runnable fault, Duration after) {
        return drill(name, endpoint, fault, after, PAIRS);
    }

    /** As above, with {@code pairs} sender/receiver pairs (conversations). */
    static DrillVerdict drill(String name, URI endpoint, Runnable fault, Duration after, int pairs) {
        try (SteadyTraffic traffic = new SteadyTraffic(pairs, i -> endpoint != null ? endpoint
                : URI.create("ws://127.0.0.1:" + cluster.gatewayClientPort(i % 2)), cluster::token)) {
            traffic.start(INTERVAL);
            running = traffic;
            awaitAcknowledgedOnEveryLine(traffic, WARM_UP_SENDS);
            long maxSeqBefore = traffic.lines().stream().flatMap(l -> l.acks.stream())
                    .filter(ack -> ack.isDone() && !ack.isCompletedExceptionally())
                    .mapToLong(java.util.concurrent.CompletableFuture::join).max().orElse(0);
            fault.run();
            keepSendingFor(after);
            traffic.stopSending();
            for (SteadyTraffic.Line line : traffic.lines()) {
                for (var ack : line.acks) {
                    ack.orTimeout(120, TimeUnit.SECONDS).join();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> line.displayed.size() >= line.sent.size());
            }
            // history catches up from Kafka before the log is compared with what was sent and shown
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    DrillVerdict.judge(name, traffic, history, ADMIN_KEY, maxSeqBefore).lost() == 0);
            DrillVerdict verdict = DrillVerdict.judge(name, traffic, history, ADMIN_KEY, maxSeqBefore)
                    .with(LoggedRepeats.read(bootstrapServers, traffic.lines().stream()
                            .map(line -> line.conversationId).collect(java.util.stream.Collectors.toSet())));
            System.out.println(verdict);
            assertThat(verdict.messages()).isGreaterThan(pairs * 40);
            assertThat(verdict.lost()).as(verdict.toString()).isZero();
            assertThat(verdict.duplicates()).as(verdict.toString()).isZero();
            assertThat(verdict.orderViolations()).as(verdict.toString()).isZero();
            assertThat(verdict.repeats().differing()).as("records published again differ from the first: " + verdict).isZero();
            assertThat(verdict.repeats().reusedSeqs()).as("seqs issued to two messages: " + verdict).isZero();
            assertThat(verdict.maxSeqAfter()).isGreaterThan(verdict.maxSeqBefore());
            return verdict;
        }
    }

    /** The count of a service's timers or counters named {@code name} (all tags), 0 before the first recording. */
    static double meter(org.springframework.context.ConfigurableApplicationContext service, String name) {
        var found = service.getBean(io.micrometer.core.instrument.MeterRegistry.class).find(name);
        return found.timers().stream().mapToDouble(io.micrometer.core.instrument.Timer::count).sum()
                + found.counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /** The traffic of the drill under way, for a fault that aims at what it uses. */
    static SteadyTraffic traffic() {
        return running;
    }

    /**
     * Lets the drill go on — a fault last, or the traffic run on after it — for as many messages as the
     * traffic sends in {@code span}: returns once every line has sent {@code span / INTERVAL} more. The
     * drill is about that traffic, so it waits on it, not on the clock; traffic that stopped fails here.
     */
    static void keepSendingFor(Duration span) {
        SteadyTraffic traffic = running;
        long target = traffic.sentCount() + traffic.lines().size() * (span.toMillis() / INTERVAL.toMillis());
        await("the traffic sends " + span + " worth of messages (" + target + " in all)")
                .atMost(span.multipliedBy(3).plusSeconds(30))
                .until(() -> traffic.sentCount() >= target);
    }

    /** Steady traffic is under way: every line has had {@code sends} of its messages acknowledged. */
    private static void awaitAcknowledgedOnEveryLine(SteadyTraffic traffic, int sends) {
        await("every line has " + sends + " acknowledged sends").atMost(Duration.ofSeconds(60))
                .until(() -> traffic.lines().stream().allMatch(line -> line.acks.stream()
                        .filter(ack -> ack.isDone() && !ack.isCompletedExceptionally()).count() >= sends));
    }

}
