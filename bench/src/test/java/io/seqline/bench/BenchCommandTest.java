package io.seqline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private BenchMain.Command command(String... args) {
        return BenchMain.command(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void helpListsScenariosAndOptions() {
        BenchMain.Command command = command("--help");

        assertThat(command.exitCode()).isZero();
        assertThat(command.options()).isNull();
        assertThat(out.toString()).contains("SCENARIO", "sequencer", "all", "--endpoints=FILE", "--rate=PER_SEC",
                "--stop-and-wait-messages=N", "--report=FILE");
    }

    @Test
    void unknownOptionIsRefused() {
        BenchMain.Command command = command("chat", "--rat", "100");

        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.options()).isNull();
        assertThat(err.toString()).contains("Unknown options: '--rat'", "--help");
    }

    @Test
    void unknownScenarioIsRefused() {
        assertThat(command("chatt").exitCode()).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario: chatt");
    }

    @Test
    void anUnknownPlacementOfTheSystemIsRefused() {
        assertThat(command("chat", "--system", "remote").exitCode()).isEqualTo(2);
        assertThat(err.toString()).contains("--system must be process or in-process");
        assertThat(command("chat", "--system", "in-process").exitCode()).isZero();
    }

    @Test
    void bothFormsOfValuesAreRead() {
        BenchMain.Command command = command("chat", "--rate=250", "--duration", "2s", "--pairs", "1_000");

        assertThat(command.scenario()).isEqualTo("chat");
        assertThat(command.options().decimal("rate", 0)).isEqualTo(250);
        assertThat(command.options().duration("duration", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(command.options().integer("pairs", 0)).isEqualTo(1000);
        assertThat(command.options().integer("groups", 20)).isEqualTo(20);
    }
}
