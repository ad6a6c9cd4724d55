package io.seqline.standalone.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.standalone.SharedClusterTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The demo web chat ({@code demo-web/}) as a person would use it: its page model's unit tests
 * ({@code node --test}) and the browser test ({@code e2e/chat.e2e.mjs}: Playwright driving Debian's
 * Chromium, two users on the two gateways of the shared cluster, network chaos on), run as processes whose
 * output is echoed here. Skipped when Node.js, Chromium or {@code demo-web/node_modules/playwright-core} is
 * missing, unless {@code SEQLINE_REQUIRE_BROWSER_TEST=true} (set by {@code .ci/run}, which installs them): then
 * a missing piece fails the test.
 */
class DemoChatBrowserTest extends SharedClusterTest {

    private static final Duration UNIT_TESTS_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration BROWSER_TEST_TIMEOUT = Duration.ofMinutes(6);
    private static final Path DEMO_WEB = findDemoWeb();
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    private static final boolean REQUIRED = Boolean.parseBoolean(System.getenv("SEQLINE_REQUIRE_BROWSER_TEST"));

    @Test
    void theGatewayServesThePageAndItsModulesAndNothingOutsideTheirFolder() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + sharedCluster().gatewayClientPort(0);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("data-testid=\"login-user\"");
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(base + "/demo/lib/chat.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        HttpResponse<String> client = http.send(HttpRequest.newBuilder(URI.create(base + "/clients/js/src/receiver.js"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(client.body()).contains("export class ConversationReceiver");
        HttpResponse<String> escape = http.send(HttpRequest.newBuilder(URI.create(base + "/demo/%2e%2e/gateway-service.yml"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(escape.statusCode()).isEqualTo(404);
    }

    @Test
    void thePageLogicPassesItsUnitTests() throws Exception {
        assumeTrue(DEMO_WEB != null, "demo-web/ not found above " + Path.of("").toAbsolutePath());
        assumeTrue(commandWorks("node", "--version"), "node is not installed");
        run(List.of("node", "--test", "--test-reporter=spec", "test/"), UNIT_TESTS_TIMEOUT);
    }

    @Test
    void twoUsersChatInTwoBrowsersWithChaosAndSeeOneOrderedLog() throws Exception {
        assumeTrue(DEMO_WEB != null, "demo-web/ not found above " + Path.of("").toAbsolutePath());
        assumeTrue(commandWorks("node", "--version"), "node is not installed");
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), CHROMIUM + " is not installed (apt-get install chromium)");
        assumeTrue(Files.isDirectory(DEMO_WEB.resolve("node_modules/playwright-core")),
                "demo-web/node_modules/playwright-core is missing (npm ci in demo-web)");
        String gateway1 = "http://127.0.0.1:" + sharedCluster().gatewayClientPort(0);
        String gateway2 = "http://127.0.0.1:" + sharedCluster().gatewayClientPort(sharedCluster().gatewayCount() - 1);
        run(List.of("node", "e2e/chat.e2e.mjs", gateway1, gateway2), BROWSER_TEST_TIMEOUT);
    }

    /** Runs a command in demo-web/, echoing its output; fails unless it exits with 0 in time. */
    private static void run(List<String> command, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(DEMO_WEB.toFile()).redirectErrorStream(true);
        builder.environment().put("CHROMIUM_PATH", CHROMIUM);
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread echo = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    System.out.println("[demo-web] " + line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process is gone; what was read is kept
            }
        }, "demo-web-output");
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

    /** Skips the test when a prerequisite is missing, or fails it where the browser test is required. */
    private static void assumeTrue(boolean present, String missing) {
        if (REQUIRED) {
            assertThat(present).as(missing + " (SEQLINE_REQUIRE_BROWSER_TEST=true)").isTrue();
        }
        Assumptions.assumeTrue(present, missing);
    }

    private static boolean commandWorks(String... command) {
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

    /** demo-web/ of the repository: the module runs its tests in standalone/, the repository root is above. */
    private static Path findDemoWeb() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("demo-web/package.json"))) {
                return dir.resolve("demo-web");
            }
        }
        return null;
    }
}
