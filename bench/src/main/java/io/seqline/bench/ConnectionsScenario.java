package io.seqline.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * N idle WebSocket connections to one gateway, opened by a child process (raw upgrades bound to several
 * 127.0.0.x source addresses). Reports how many the gateway holds (its connection gauge when it runs in
 * this JVM), this JVM's heap after GC (MemoryMXBean) and RSS (/proc/self/status) before and with them, and
 * the time to open them. The count is capped by this process's open-file limit (each server socket is
 * a descriptor); the cap and its reason are reported.
 */
final class ConnectionsScenario {

    private ConnectionsScenario() {
    }

    static Result run(Target target, BenchOptions o) throws Exception {
        int requested = o.integer("connections", 100_000);
        long limit = openFileLimit();
        long used = openFiles();
        int count = (int) Math.max(0, Math.min(requested, limit - used - 1000));
        long heapBefore = heapAfterGc();
        long rssBefore = rssBytes();
        List<String> command = new ArrayList<>(childJava("512m"));
        command.addAll(List.of("connections-client", "--ws", target.gatewayWs, "--http", target.gatewayHttp,
                "--count", String.valueOf(count), "--per-user", String.valueOf(o.integer("per-user", 10)),
                "--sources", String.valueOf(o.integer("sources", 8)), "--run", UUID.randomUUID().toString().substring(0, 6)));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] error = new String[1];
        int opened;
        int failed;
        long millis;
        long held;
        long heapWith;
        long rssWith;
        try (ChildLines lines = new ChildLines(child, "connections", line -> {
            if (line.startsWith("ERROR")) {
                error[0] = line.substring(6);
            }
            return false;
        })) {
            String[] f = lines.await("READY", Duration.ofHours(1)).split(" ");
            opened = Integer.parseInt(f[1]);
            failed = Integer.parseInt(f[2]);
            millis = Long.parseLong(f[3]);
            held = awaitGauge(target, opened);
            heapWith = heapAfterGc();
            rssWith = rssBytes();
        }
        Result r = Result.of("connections", count, count, held >= 0 ? held : opened, 0, 0,
                millis > 0 ? opened * 1000.0 / millis : 0, new Histogram(3));
        r.put("requested", requested).put("attempted", count).put("opened", opened).put("failed", failed)
                .put("gatewayHeld", held).put("openSeconds", millis / 1000.0)
                .put("heapBeforeMiB", heapBefore / 1048576.0).put("heapWithMiB", heapWith / 1048576.0)
                .put("heapPerConnectionBytes", opened > 0 ? (heapWith - heapBefore) / (double) opened : 0.0)
                .put("rssBeforeMiB", rssBefore / 1048576.0).put("rssWithMiB", rssWith / 1048576.0)
                .put("rssPerConnectionBytes", opened > 0 ? (rssWith - rssBefore) / (double) opened : 0.0)
                .put("heapMaxMiB", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / 1048576.0)
                .put("openFileLimit", limit)
                .put("capReason", count < requested ? "RLIMIT_NOFILE of this process is " + limit
                        + " (hard limit; cannot be raised in this container): one descriptor per server socket" : "none")
                .put("heapNote", "whole JVM: all four services, embedded Kafka client libs and the bench itself");
        if (error[0] != null) {
            r.put("firstError", error[0]);
        }
        return r;
    }

    /** The gateway's own count of open sockets once it reaches {@code expected} (or stops moving); -1 if not in-process. */
    private static long awaitGauge(Target target, long expected) {
        if (target.cluster == null) {
            return -1;
        }
        Integer port = target.cluster.managementPorts().get("gateway-1");
        if (port == null) {
            return -1;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long value = -1;
        while (System.nanoTime() < deadline && (value = gauge(port)) < expected) {
            Deliveries.sleep(250);
        }
        return value;
    }

    /** {@code seqline_gateway_connections} from the gateway's /actuator/prometheus. */
    private static long gauge(int port) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            for (String l : response.body().split("\n")) {
                if (l.startsWith("seqline_gateway_connections")) {
                    return (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception e) {
            return -1;
        } 
        return -1;
    }

    /**
     * This jar (or classpath) in a new JVM: a small client JVM with at most {@code maxHeap} (e.g. {@code 512m})
     * of heap, or, with null, one with the runtime's defaults (the system process).
     */
    static List<String> childJava(String maxHeap) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = System.getProperty("sun.java.command", "");
        String first = command.split(" ")[0];
        List<String> cmd = new ArrayList<>(List.of(java));
        if (maxHeap != null) {
            cmd.addAll(List.of("-Xmx" + maxHeap, "-XX:+UseSerialGC", "-Xss256k"));
        }
        if (first.endsWith(".jar")) {
            cmd.addAll(List.of("-jar", first));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchMain.class.getName()));
        }
        return cmd;
    }

    static long heapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Deliveries.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long rssBytes() {
        return statusKb("VmRSS:") * 1024;
    }

    private static long statusKb(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(key)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return 0;
    }

    static long openFileLimit() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (l.startsWith("Max open files")) {
                    return Long.parseLong(l.substring(25).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return 1_000_000;
    }

    static long openFiles() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (Exception e) {
            return 0;
        }
    }
}
