package io.seqline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar seqline-bench.jar <scenario> [--option value ...]}: scenarios {@code kafka-baseline, max,
 * chat, fanout, connections, pipeline, sequencer, restart, all}. Starts the standalone system on embedded
 * infrastructure unless {@code --endpoints endpoints.json} names a running one. Prints one JSON object as
 * the last line of each scenario; exits 1 when a result saw a loss, duplicate or order violation.
 */
public final class BenchMain {

    static final List<String> SCENARIOS = List.of("kafka-baseline", "max", "chat", "fanout", "connections", "pipeline",
            "sequencer", "restart");
    /** The bench's own child processes (the connections and fanout scenarios start them). */
    private static final List<String> CHILD_PROCESSES = List.of("connections-client", "fanout-members", "system");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("standalone")) {
            // the restart scenario's child: the standalone main itself, which it kills and starts again
            io.seqline.standalone.StandaloneMain.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Command command = command(args, new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true));
        if (command.options() == null) {
            System.exit(command.exitCode());
            return;
        }
        String scenario = command.scenario();
        BenchOptions options = command.options();
        // the results own standard output; everything the services log goes to standard error
        java.io.PrintStream results = System.out;
        System.setOut(System.err);
        // child processes of the connections and fanout scenarios: their line protocol owns standard output
        switch (scenario) {
            case "connections-client" -> {
                System.setOut(results);
                ConnectionsClient.main(options);
                System.exit(0);
            }
            case "fanout-members" -> {
                System.setOut(results);
                FanoutMembers.main(options);
                System.exit(0);
            }
            case "system" -> {
                SystemProcess.serve(options, results);
                System.exit(0);
            }
            default -> { }
        }
        List<Result> found;
        try (Targets targets = new Targets(options)) {
            found = run(scenario, targets, options, results::println);
        }
        boolean clean = found.stream().allMatch(Result::clean);
        results.flush();
        System.exit(clean ? 0 : 1);
    }

    /** A parsed command line: the scenario and its options, or none and the exit code (0 after --help). */
    record Command(String scenario, BenchOptions options, int exitCode) {
    }

    /** Parses the command line; prints the usage on --help and a refusal on an unknown option or scenario. */
    static Command command(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
        List<String> scenarios = new ArrayList<>(SCENARIOS);
        scenarios.add("all");
        try {
            picocli.CommandLine.ParseResult parsed = new picocli.CommandLine(BenchOptions.spec(scenarios)).parseArgs(args);
            String scenario = parsed.matchedPositionals().isEmpty() ? null : parsed.matchedPositionals().get(0).getValue();
            if (parsed.isUsageHelpRequested() || scenario == null || scenario.equals("help")) {
                BenchOptions.usage(scenarios, scenario == null && !parsed.isUsageHelpRequested() ? err : out);
                return new Command(null, null, scenario == null && !parsed.isUsageHelpRequested() ? 2 : 0);
            }
            if (!scenarios.contains(scenario) && !CHILD_PROCESSES.contains(scenario)) {
                throw new picocli.CommandLine.ParameterException(parsed.commandSpec().commandLine(),
                        "unknown scenario: " + scenario);
            }
            BenchOptions options = BenchOptions.of(parsed);
            if (!Targets.PLACEMENTS.contains(options.string("system", "process"))) {
                throw new picocli.CommandLine.ParameterException(parsed.commandSpec().commandLine(),
                        "--system must be process or in-process");
            }
            return new Command(scenario, options, 0);
        } catch (picocli.CommandLine.ParameterException e) {
            err.println(e.getMessage());
            err.println("java -jar seqline-bench.jar --help lists the scenarios and options");
            err.flush();
            return new Command(null, null, 2);
        }
    }

    /** Runs a scenario (or all) against the system {@code targets} gives it, passing each JSON line to {@code out}. */
    static List<Result> run(String scenario, Targets targets, BenchOptions o, java.util.function.Consumer<String> out)
            throws Exception {
        List<Result> results = new ArrayList<>();
        if (scenario.equals("all")) {
            for (String s : SCENARIOS) {
                Result r = one(s, targets, allSizes(s, o));
                results.add(r);
                out.accept(r.toJson());
            }
            String report = o.string("report", "bench-report.html");
            HtmlReport.write(Path.of(report), results, machine());
            Result summary = summary(results);
            summary.put("report", Path.of(report).toAbsolutePath().toString());
            out.accept(summary.toJson());
            results.add(summary);
        } else {
            Result r = one(scenario, targets, o);
            results.add(r);
            if (o.string("report", null) != null) {
                HtmlReport.write(Path.of(o.string("report", null)), results, machine());
            }
            out.accept(r.toJson());
        }
        return results;
    }

    static Result one(String scenario, Targets targets, BenchOptions o) throws Exception {
        if (!SCENARIOS.contains(scenario)) {
            throw new IllegalArgumentException("unknown scenario: " + scenario + " (expected one of " + SCENARIOS + " or all)");
        }
        if (scenario.equals("restart")) {
            // starts, kills and restarts a standalone of its own
            return RestartScenario.run(o).withMachine().put("system", "standalone");
        }
        Target target = targets.forScenario(scenario);
        System.err.println("bench: " + scenario + " (system " + targets.placement(scenario) + ") ...");
        Result r = switch (scenario) {
            case "kafka-baseline" -> KafkaBaseline.run(target.kafkaBootstrap, o.integer("records", 200_000),
                    o.integer("partitions", 12), o.integer("concurrency", 2));
            case "max" -> ChatScenarios.max(target, o);
            case "chat" -> ChatScenarios.chat(target, o);
            case "fanout" -> FanoutScenario.run(target, o);
            case "connections" -> ConnectionsScenario.run(target, o);
            case "pipeline" -> ChatScenarios.pipeline(target, o);
            case "sequencer" -> SequencerScenario.run(target, o);
            default -> throw new IllegalArgumentException("unknown scenario: " + scenario + " (expected one of "
                    + SCENARIOS + " or all)");
        };
        return r.withMachine().put("system", targets.placement(scenario));
    }

    /** Sizes for {@code all} that fit a 2-core machine in a few minutes; any option given on the command line wins. */
    static BenchOptions allSizes(String scenario, BenchOptions o) {
        return switch (scenario) {
            case "kafka-baseline" -> o.with("records", 200_000);
            case "max" -> o.with("step", "4s").with("start-rate", 100).with("step-factor", 1.5)
                    .with("baseline-records", 200_000);
            case "chat" -> o.with("rate", 5000).with("duration", "20s");
            case "fanout" -> o.with("members", 10_000).with("messages", 20);
            case "connections" -> o.with("connections", 100_000);
            case "pipeline" -> o.with("messages", 2000).with("stop-and-wait-messages", 150);
            case "sequencer" -> o.with("duration", "10s");
            default -> o;
        };
    }

    static Result summary(List<Result> results) {
        long sent = 0, expected = 0, delivered = 0, dups = 0, order = 0;
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Result r : results) {
            sent += ((Number) r.json.get("sent")).longValue();
            expected += ((Number) r.json.get("expectedDeliveries")).longValue();
            delivered += ((Number) r.json.get("delivered")).longValue();
            dups += ((Number) r.json.get("duplicates")).longValue();
            order += ((Number) r.json.get("orderViolations")).longValue();
            figures.put(String.valueOf(r.json.get("scenario")), r.json.get("throughputPerSec"));
        }
        Result chat = results.stream().filter(r -> "chat".equals(r.json.get("scenario"))).findFirst().orElse(null);
        Result s = Result.of("all", sent, expected, delivered, dups, order,
                chat != null ? ((Number) chat.json.get("throughputPerSec")).doubleValue() : 0.0,
                chat != null ? chat.latency : null);
        s.put("throughputPerSecByScenario", figures).put("latencyFrom", "chat");
        return s.withMachine();
    }

    static String machine() {
        return "cores=" + Runtime.getRuntime().availableProcessors() + ", java=" + System.getProperty("java.version")
                + ", maxHeap=" + Runtime.getRuntime().maxMemory() / 1048576 + " MiB, loadavg=" + load()
                + ", at " + java.time.Instant.now();
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
