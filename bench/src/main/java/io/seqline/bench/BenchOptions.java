package io.seqline.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options after the scenario name ({@code --key value} or {@code --key=value}), parsed by picocli against
 * the list of options the scenarios read; an unknown option is refused. Values stay strings here: each
 * scenario reads the ones it uses with its own default.
 */
final class BenchOptions {

    /** Every option a scenario, the target or a child process reads, with what it means. */
    private static final Map<String, String> KNOWN = known();

    private final Map<String, String> values = new HashMap<>();

    private static Map<String, String> known() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("endpoints", "FILE|endpoints.json of a running deployment (default: start one on embedded infrastructure)");
        k.put("system", "WHERE|process: the embedded system in a JVM of its own; in-process: in the bench's JVM (process; connections and sequencer always in-process)");
        k.put("report", "FILE|also write an HTML report (all: bench-report.html)");
        k.put("partitions", "N|partitions of the embedded system's topics and of kafka-baseline (12)");
        k.put("gateways", "N|gateways of the embedded system; chat clients are spread over them by user (1)");
        k.put("sequencers", "N|sequencer instances of the embedded system, one consumer group (1)");
        k.put("log-level", "LEVEL|root log level of the embedded services (WARN)");
        k.put("txn-log-level", "LEVEL|log level of the Kafka producer's transaction manager (ERROR)");
        k.put("rate", "PER_SEC|chat: messages offered per second (5000)");
        k.put("duration", "TIME|chat: load time (30s); sequencer: run time (10s)");
        k.put("warm-up", "TIME|chat, max: load before the figures are taken (20s)");
        k.put("warm-up-rate", "PER_SEC|chat, max: warm-up rate (the rate, at most 1000)");
        k.put("drain", "TIME|chat: how long to wait for the last deliveries (10m)");
        k.put("pairs", "N|chat, max: direct chats (100)");
        k.put("groups", "N|chat, max: groups (20)");
        k.put("group-size", "N|chat, max: members per group (4)");
        k.put("start-rate", "PER_SEC|max: first step's rate (1000)");
        k.put("step-factor", "X|max: rate growth per step (1.25)");
        k.put("max-rate", "PER_SEC|max: highest rate tried (200000)");
        k.put("step", "TIME|max: time per step (5s)");
        k.put("max-p99-ms", "MS|max: p99 a sustained step must stay under (100)");
        k.put("catch-up", "TIME|max: time a step may take to deliver its backlog (1s)");
        k.put("baseline-records", "N|max: records of its Kafka baseline (200000)");
        k.put("members", "N|fanout: group members (10000)");
        k.put("messages", "N|fanout: messages (20); pipeline: windowed messages (2000)");
        k.put("interval", "TIME|fanout: time between messages (1s)");
        k.put("warm-up-messages", "N|fanout: messages before the measured ones (5)");
        k.put("timeline-seconds", "N|fanout: length of the deliveries timeline (600)");
        k.put("connections", "N|connections: connections to open (100000)");
        k.put("sources", "N|connections: source addresses to spread them over (8)");
        k.put("per-user", "N|connections: devices per user (10)");
        k.put("threads", "N|connections: opener threads (16)");
        k.put("rtt", "TIME|pipeline: added round-trip time (20ms)");
        k.put("window", "N|pipeline: send window (32)");
        k.put("stop-and-wait-messages", "N|pipeline: messages sent one at a time (150)");
        k.put("conversations", "N|sequencer: conversations (1000)");
        k.put("batch", "N|sequencer: stamps per batch (500)");
        k.put("restarts", "N|restart: SIGKILLs and restarts of the standalone (2)");
        k.put("records", "N|kafka-baseline: records (200000)");
        k.put("concurrency", "N|kafka-baseline: consumers (2)");
        k.put("ws", "URL|child processes: the gateway's WebSocket address");
        k.put("http", "URL|child processes: the gateway's HTTP address");
        k.put("count", "N|connections child: connections to open");
        k.put("conversation", "ID|fanout child: the group");
        k.put("run", "ID|child processes: the run's user-name prefix");
        return k;
    }

    /** The command line as picocli sees it: an optional scenario name, then the known options. */
    static CommandSpec spec(List<String> scenarios) {
        CommandSpec spec = CommandSpec.create().name("java -jar seqline-bench.jar");
        spec.usageMessage().description("Runs a load scenario against Seqline and prints one JSON line per result; "
                + "exits 1 when a result saw a loss, duplicate or order violation.").sortOptions(false)
                .autoWidth(true).abbreviateSynopsis(true);
        spec.addPositional(PositionalParamSpec.builder().paramLabel("SCENARIO").arity("0..1").type(String.class)
                .description(String.join(", ", scenarios)).build());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Print these options and exit.")
                .build());
        KNOWN.forEach((name, help) -> {
            String[] labelAndText = help.split("\\|", 2);
            spec.addOption(OptionSpec.builder("--" + name).type(String.class).paramLabel(labelAndText[0])
                    .description(labelAndText[1]).build());
        });
        return spec;
    }

    /** Options only (no scenario name) from {@code args[from..]}; throws picocli's ParameterException when refused. */
    static BenchOptions parse(String[] args, int from) {
        ParseResult parsed = new CommandLine(spec(List.of())).parseArgs(Arrays.copyOfRange(args, from, args.length));
        if (!parsed.matchedPositionals().isEmpty()) {
            throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(),
                    "unexpected argument: " + parsed.matchedPositionals().get(0).getValue());
        }
        return of(parsed);
    }

    /** The options of a parsed command line (its scenario name aside). */
    static BenchOptions of(ParseResult parsed) {
        BenchOptions options = new BenchOptions();
        for (OptionSpec option : parsed.matchedOptions()) {
            if (!option.usageHelp()) {
                options.values.put(option.longestName().substring(2), option.getValue());
            }
        }
        return options;
    }

    static void usage(List<String> scenarios, PrintWriter out) {
        new CommandLine(spec(scenarios)).usage(out);
        out.flush();
    }

    BenchOptions with(String key, Object value) {
        BenchOptions copy = new BenchOptions();
        copy.values.putAll(values);
        copy.values.putIfAbsent(key, String.valueOf(value));
        return copy;
    }

    String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int integer(String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key).replace("_", "")) : fallback;
    }

    double decimal(String key, double fallback) {
        return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
    }

    Duration duration(String key, Duration fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        String v = values.get(key).trim();
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
        }
        return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    }
}
