package io.seqline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's Dockerfile builds the layered image from the runnable {@code *-exec.jar}, runs as a fixed
 * non-root user (the uid the Kubernetes manifests expect), sizes the heap from the container's memory,
 * lets SIGTERM reach the JVM for a graceful shutdown, and exposes the ports the service is configured with.
 */
class DockerfilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"gateway-service", "sequence-service", "routing-service", "history-service"})
    void buildsALayeredNonRootImageSizedByTheContainer(String module) throws Exception {
        String dockerfile = Files.readString(Workloads.root().resolve(module).resolve("Dockerfile"));
        assertThat(dockerfile).contains("-exec.jar").contains("-Djarmode=tools").contains("extract --layers");
        assertThat(dockerfile).containsPattern("(?m)^USER 10001(:10001)?$");
        assertThat(dockerfile).contains("-XX:MaxRAMPercentage=");
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[\"java\""); // exec form: java is PID 1, gets SIGTERM

        ServiceConfig config = ServiceConfig.ALL.get(module);
        Set<Integer> exposed = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile);
        while (m.find()) {
            for (String port : m.group(1).trim().split("\\s+")) {
                exposed.add(Integer.parseInt(port));
            }
        }
        Map<String, String> none = Map.of();
        assertThat(exposed).contains(Integer.parseInt(config.value("server.port", none)));
        int grpc = Integer.parseInt(config.value("seqline.grpc.port", none));
        if (grpc != 0) {
            assertThat(exposed).contains(grpc);
        }
        if (module.equals("gateway-service")) {
            assertThat(exposed).contains(Integer.parseInt(config.value("seqline.gateway.client-port", none)));
            assertThat(exposed).contains(Integer.parseInt(config.value("seqline.delivery.port", none)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway-service", "sequence-service", "routing-service", "history-service"})
    void servicesShutDownGracefully(String module) {
        ServiceConfig config = ServiceConfig.ALL.get(module);
        assertThat(config.yml()).containsEntry("server.shutdown", "graceful");
        assertThat(config.yml()).containsKey("spring.lifecycle.timeout-per-shutdown-phase");
        assertThat(config.yml()).containsEntry("management.endpoint.health.probes.enabled", true);
    }
}
