package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private StandaloneCommand.Parsed parse(Map<String, String> environment, String... args) {
        return StandaloneCommand.parse(args, environment, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void helpPrintsEveryOptionWithItsVariableAndStartsNothing() {
        StandaloneCommand.Parsed parsed = parse(Map.of(), "--help");

        assertThat(parsed.exitCode()).isZero();
        assertThat(parsed.options()).isNull();
        assertThat(out.toString()).contains("--data-dir", "--port", "--gateways", "--kafka-port", "--redis-port",
                "--postgres-port", "SEQLINE_DATA_DIR", "SEQLINE_PORT", "default 8080");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void unknownOptionIsRefusedWithUsageExitCode() {
        StandaloneCommand.Parsed parsed = parse(Map.of(), "--prot=8081");

        assertThat(parsed.exitCode()).isEqualTo(2);
        assertThat(parsed.options()).isNull();
        assertThat(err.toString()).contains("Unknown option: '--prot=8081'");
    }

    @Test
    void badPortIsRefused() {
        StandaloneCommand.Parsed parsed = parse(Map.of(), "--redis-port=70000");

        assertThat(parsed.exitCode()).isEqualTo(2);
        assertThat(parsed.options()).isNull();
        assertThat(err.toString()).contains("--redis-port: 70000 (expected a port 0..65535)");
    }

    @Test
    void badGatewayCountFromTheEnvironmentIsRefused() {
        StandaloneCommand.Parsed parsed = parse(Map.of("SEQLINE_GATEWAYS", "0"));

        assertThat(parsed.exitCode()).isEqualTo(2);
        assertThat(parsed.options()).isNull();
        assertThat(err.toString()).contains("--gateways: 0 (expected 1..100)");
    }

    @Test
    void defaults() {
        StandaloneOptions options = parse(Map.of()).options();

        assertThat(options).isEqualTo(new StandaloneOptions(Path.of("data"), 8080, 1, 9192, 6380, 5433));
    }

    @Test
    void argumentsInEitherFormBeatTheEnvironmentWhichBeatsDefaults() {
        StandaloneOptions options = parse(
                Map.of("SEQLINE_PORT", "7000", "SEQLINE_DATA_DIR", "/srv/seqline", "SEQLINE_GATEWAYS", " ",
                        "SEQLINE_KAFKA_PORT", "9300"),
                "--port=8081", "--redis-port", "6390").options();

        assertThat(options).isEqualTo(new StandaloneOptions(Path.of("/srv/seqline"), 8081, 1, 9300, 6390, 5433));
    }
}
