package io.seqline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of every scenario (seconds, small sizes) against the embedded system, so the bench never
 * rots: each prints its JSON line with the common fields and sees no loss, duplicate or misorder. The
 * figures themselves are measured by full runs ({@code BENCHMARKS.md}), never asserted here.
 */
class BenchSmokeTest {

    private static Targets targets;

    @BeforeAll
    static void start() {
        targets = new Targets(BenchOptions.parse(new String[0], 0));
    }

    @AfterAll
    static void stop() {
        targets.close();
    }

    @Test
    void everyScenarioPrintsACleanResultAndTheReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.html");
        BenchOptions small = BenchOptions.parse(new String[] {
                "--records", "3000", "--baseline-records", "3000",
                "--pairs", "6", "--groups", "2", "--group-size", "3",
                "--start-rate", "100", "--step-factor", "2", "--max-rate", "200", "--step", "1s",
                "--rate", "200", "--duration", "1s", "--warm-up", "1s",
                "--members", "150", "--messages", "4", "--interval", "100ms",
                "--connections", "300", "--sources", "3",
                "--rtt", "20ms", "--stop-and-wait-messages", "4",
                "--conversations", "50", "--batch", "100", "--restarts", "1",
                "--report", report.toString()}, 0);
        List<String> lines = new ArrayList<>();

        List<Result> results = BenchMain.run("all", targets, small, lines::add);

        assertThat(results).extracting(r -> r.json.get("scenario"))
                .containsExactly("kafka-baseline", "max", "chat", "fanout", "connections", "pipeline", "sequencer", "restart", "all");
        assertThat(lines).hasSize(results.size());
        for (Result r : results) {
            assertThat(r.json).as("%s", r.json.get("scenario")).containsKeys("scenario", "sent", "expectedDeliveries",
                    "delivered", "lost", "duplicates", "orderViolations", "throughputPerSec", "latencyMs");
            assertThat(((Map<?, ?>) r.json.get("latencyMs")).keySet().stream().map(String::valueOf).toList()).as("latencyMs").contains("p50", "p90", "p99", "p999", "max");
            assertThat(r.clean()).as("clean: %s", r.toJson()).isTrue();
            assertThat(((Number) r.json.get("delivered")).longValue()).as("%s", r.toJson()).isPositive();
        }
        assertThat(lines.get(0)).startsWith("{\"scenario\":\"kafka-baseline\"").endsWith("}");
        // the clients measure a system in a JVM of its own, except where the figure is of the bench's own JVM
        assertThat(results.subList(0, 8)).extracting(r -> r.json.get("system"))
                .containsExactly("process", "process", "process", "process", "in-process", "process", "in-process",
                        "standalone");
        Result pipeline = results.get(5);
        assertThat(pipeline.json).containsKeys("windowedPerSec", "stopAndWaitPerSec", "ratio", "rttMs");
        assertThat(pipeline.json.get("delivered")).as("4 windowed and 4 stop-and-wait messages").isEqualTo(8L);
        assertThat(Files.readString(report)).contains("<svg", "fanout", "sequencer");
        Result restart = results.get(7);
        System.out.println("restart after SIGKILL: " + restart.toJson());
        assertThat(restart.json).as("a message before the kill and one after the restart, both shown")
                .containsEntry("sent", 2L).containsEntry("delivered", 2L);
        assertThat(restart.json).as("the killed run's redis-server and PostgreSQL were reclaimed, and the stop left nothing")
                .containsEntry("orphans", 0L).containsEntry("leftRunningAfterStop", 0L);
    }

    @Test
    void anUnknownScenarioIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchMain.one("fastest", targets,
                        BenchOptions.parse(new String[0], 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown scenario: fastest");
    }
}
