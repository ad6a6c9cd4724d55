package io.seqline.standalone.clientjs;

import io.seqline.standalone.NodeProcesses;
import io.seqline.standalone.SharedClusterTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client package {@code @seqline/client} ({@code clients/js/}): its {@code npm test} (unit tests
 * with {@code node --test}, then {@code tsc} over a typed usage file) and its integration test against the
 * shared cluster's gateway ({@code SEQLINE_GATEWAY_URL}), run as processes whose output is echoed here.
 * Skipped when Node.js or {@code clients/js/node_modules} is missing, unless
 * {@code SEQLINE_REQUIRE_BROWSER_TEST=true} (set by {@code .ci/run}, which runs {@code npm ci} there).
 */
class JsClientPackageTest extends SharedClusterTest {

    private static final Duration UNIT_TESTS_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration INTEGRATION_TIMEOUT = Duration.ofMinutes(3);
    private static final Path CLIENT_JS = NodeProcesses.findInRepository("clients/js");

    @Test
    void thePackagePassesItsUnitTestsAndTypeCheck() throws Exception {
        assumePrerequisites("typescript");
        NodeProcesses.run(CLIENT_JS, "clients/js", List.of("npm", "test"), Map.of(), UNIT_TESTS_TIMEOUT);
    }

    @Test
    void thePackageTalksToARunningGateway() throws Exception {
        assumePrerequisites("ws");
        String gateway = "http://127.0.0.1:" + sharedCluster().gatewayClientPort(0);
        NodeProcesses.run(CLIENT_JS, "clients/js", List.of("npm", "run", "test:integration"),
                Map.of("SEQLINE_GATEWAY_URL", gateway), INTEGRATION_TIMEOUT);
    }

    private static void assumePrerequisites(String module) {
        NodeProcesses.assumeTrue(CLIENT_JS != null, "clients/js/ not found above " + Path.of("").toAbsolutePath());
        NodeProcesses.assumeTrue(NodeProcesses.commandWorks("node", "--version"), "node is not installed");
        NodeProcesses.assumeTrue(NodeProcesses.commandWorks("npm", "--version"), "npm is not installed");
        NodeProcesses.assumeTrue(Files.isDirectory(CLIENT_JS.resolve("node_modules").resolve(module)),
                "clients/js/node_modules/" + module + " is missing (npm ci in clients/js)");
    }
}
