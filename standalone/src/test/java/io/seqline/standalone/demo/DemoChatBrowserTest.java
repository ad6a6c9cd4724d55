package io.seqline.standalone.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.standalone.NodeProcesses;
import io.seqline.standalone.SharedClusterTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    private static final Path DEMO_WEB = NodeProcesses.findInRepository("demo-web");
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");

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

    private static void run(List<String> command, Duration timeout) throws Exception {
        NodeProcesses.run(DEMO_WEB, "demo-web", command, Map.of("CHROMIUM_PATH", CHROMIUM), timeout);
    }

    private static void assumeTrue(boolean present, String missing) {
        NodeProcesses.assumeTrue(present, missing);
    }

    private static boolean commandWorks(String... command) {
        return NodeProcesses.commandWorks(command);
    }
}
