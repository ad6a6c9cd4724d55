package io.seqline.standalone;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The standalone jar's command line, parsed by picocli: {@code --name=value} or {@code --name value}, else the
 * option's {@code SEQLINE_*} environment variable (a blank one counts as unset), else the default.
 * {@code --help} prints the options; an unknown option or a bad value is refused with exit code 2.
 */
@Command(name = "seqline-standalone", sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs the whole of Seqline in one JVM: embedded Kafka, Redis and PostgreSQL under the data "
                + "directory, then history, sequence, routing and the gateway(s).",
        footer = "%nEach option falls back to the environment variable named in its description, then to its default.")
final class StandaloneCommand implements Callable<Integer> {

    /** The environment variable behind each option. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "--data-dir", "SEQLINE_DATA_DIR",
            "--port", "SEQLINE_PORT",
            "--gateways", "SEQLINE_GATEWAYS",
            "--kafka-port", "SEQLINE_KAFKA_PORT",
            "--redis-port", "SEQLINE_REDIS_PORT",
            "--postgres-port", "SEQLINE_POSTGRES_PORT");

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print these options and exit.")
    boolean help;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Data directory: Kafka, Redis, PostgreSQL, keys, endpoints.json (SEQLINE_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Client port (HTTP + WebSocket) of the first gateway; more gateways take the next ports; 0 = any free port (SEQLINE_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--gateways", paramLabel = "N", defaultValue = "1",
            description = "Number of gateways (SEQLINE_GATEWAYS; default ${DEFAULT-VALUE}).")
    int gateways;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9192",
            description = "Embedded Kafka port (SEQLINE_KAFKA_PORT; default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--redis-port", paramLabel = "PORT", defaultValue = "6380",
            description = "Embedded Redis port (SEQLINE_REDIS_PORT; default ${DEFAULT-VALUE}).")
    int redisPort;

    @Option(names = "--postgres-port", paramLabel = "PORT", defaultValue = "5433",
            description = "Embedded PostgreSQL port (SEQLINE_POSTGRES_PORT; default ${DEFAULT-VALUE}).")
    int postgresPort;

    private StandaloneOptions options;

    /** What parsing came to: the options to run with, or none and the exit code (0 after --help). */
    record Parsed(StandaloneOptions options, int exitCode) {
    }

    static Parsed parse(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        StandaloneCommand command = new StandaloneCommand();
        CommandLine cli = new CommandLine(command)
                .setOut(out)
                .setErr(err)
                .setDefaultValueProvider(argument -> {
                    if (!(argument instanceof OptionSpec option)) {
                        return null;
                    }
                    String variable = ENVIRONMENT.get(option.longestName());
                    String value = variable == null ? null : environment.get(variable);
                    return value == null || value.isBlank() ? null : value.trim();
                });
        int exitCode = cli.execute(args);
        out.flush();
        err.flush();
        return new Parsed(command.options, exitCode);
    }

    @Override
    public Integer call() {
        if (gateways < 1 || gateways > 100) {
            throw new ParameterException(spec.commandLine(), "--gateways: " + gateways + " (expected 1..100)");
        }
        options = new StandaloneOptions(dataDir, port("--port", port), gateways, port("--kafka-port", kafkaPort),
                port("--redis-port", redisPort), port("--postgres-port", postgresPort));
        return 0;
    }

    private int port(String name, int value) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(), name + ": " + value + " (expected a port 0..65535)");
        }
        return value;
    }
}
