package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Node.js commands of the repository's JavaScript folders ({@code demo-web/}, {@code clients/js/}) from
 * tests, echoing their output. Where a prerequisite (Node.js, {@code node_modules}, Chromium) is missing the
 * test is skipped, unless {@code SEQLINE_REQUIRE_BROWSER_TEST=true} (set by {@code .ci/run}, which installs
 * them): then it fails.
 */
public final class NodeProcesses {

    private static final boolean REQUIRED = Boolean.parseBoolean(System.getenv("SEQLINE_REQUIRE_BROWSER_TEST"));

    private NodeProcesses() {
    }

    /** Runs {@code command} in {@code dir}; fails unless it exits with 0 within {@code timeout}. */
    public static void run(Path dir, String label, List<String> command, Map<String, String> env, Duration timeout)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread echo = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    System.out.println("[" + label + "] " + line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process is gone; what was read is kept
            }
        }, label + "-output");
        echo.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        echo.join(TimeUnit.SECONDS.toMillis(10));
        String text;
        synchronized (output) {
            text = output.toString();
        }
        assertThat(finished).as("%s finished within %s; output:%n%s", command, timeout, text).isTrue();
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, text).isZero();
    }

    /** Skips the test when a prerequisite is missing, or fails it where the Node.js tests are required. */
    public static void assumeTrue(boolean present, String missing) {
        if (REQUIRED) {
            assertThat(present).as(missing + " (SEQLINE_REQUIRE_BROWSER_TEST=true)").isTrue();
        }
        Assumptions.assumeTrue(present, missing);
    }

    public static boolean commandWorks(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code relative} (e.g. {@code clients/js}) in the repository: tests run in a module, the root is above. */
    public static Path findInRepository(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative).resolve("package.json"))) {
                return dir.resolve(relative);
            }
        }
        return null;
    }
}
