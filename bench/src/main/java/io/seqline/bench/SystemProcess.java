package io.seqline.bench;

import io.seqline.standalone.Endpoints;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The system under test in a JVM of its own ({@code --system process}, the default for the latency and
 * throughput scenarios): the bench's clients then never share a heap, a garbage collector or a JIT with the
 * services they measure, as in any deployment. The child is this jar run as {@code system}: it starts the
 * embedded system exactly as the in-process target does, prints {@code READY} and the path of its endpoints file, and
 * stops when its standard input closes.
 */
final class SystemProcess {

    private SystemProcess() {
    }

    /** Starts the child and returns a target on its endpoints that stops the child when closed. */
    static Target start(BenchOptions options) {
        List<String> command = new ArrayList<>(ConnectionsScenario.childJava(null));
        command.add("system");
        for (String key : List.of("partitions", "gateways", "sequencers", "log-level", "txn-log-level")) {
            String value = options.string(key, null);
            if (value != null) {
                command.addAll(List.of("--" + key, value));
            }
        }
        ChildLines lines = null;
        try {
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            lines = new ChildLines(child, "system", line -> false);
            String ready = lines.await("READY ", Duration.ofMinutes(5));
            Target target = Target.fromEndpoints(Path.of(ready.substring("READY ".length())));
            target.own(lines);
            return target;
        } catch (Exception e) {
            if (lines != null) {
                try {
                    lines.close();
                } catch (Exception ignored) {
                    // the start failure is what gets reported
                }
            }
            throw new IllegalStateException("could not start the system process: " + e.getMessage(), e);
        }
    }

    /**
     * The child's side: the embedded system until standard input closes. Its endpoints go to a file written
     * as the standalone writes {@code endpoints.json}, whose path follows {@code READY}.
     */
    static void serve(BenchOptions options, java.io.PrintStream out) throws Exception {
        try (Target target = Target.startEmbedded(options)) {
            Path endpoints = Files.createTempFile("seqline-bench-endpoints-", ".json");
            endpoints.toFile().deleteOnExit();
            Endpoints.of(target.cluster).write(endpoints);
            out.println("READY " + endpoints);
            out.flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    // nothing is sent; the parent closing the stream is the signal to stop
                }
            }
        }
    }
}
