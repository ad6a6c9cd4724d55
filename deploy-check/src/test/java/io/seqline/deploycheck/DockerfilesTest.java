package io.seqline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One Dockerfile at the repository root builds every service's image ({@code --build-arg SERVICE=<module>})
 * from its runnable {@code *-exec.jar} as a layered image on a Java 21+ JRE (the code targets 17; the
 * runtime is newer), runs as the fixed non-root uid the Kubernetes manifests expect, leaves the heap and
 * direct-memory flags to {@code JAVA_TOOL_OPTIONS} (a flag on the java command line would override them),
 * and lets SIGTERM reach the JVM for a graceful shutdown.
 */
class DockerfilesTest {

    static final Path ROOT = Workloads.root();

    @Test
    void oneDockerfileBuildsEveryServiceFromABuildArgument() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^ARG SERVICE\\b");
        assertThat(dockerfile).contains("${SERVICE}/target/${SERVICE}-").contains("-exec.jar");
        assertThat(dockerfile).contains("-Djarmode=tools").contains("extract --layers");
        assertThat(dockerfile).containsPattern("(?m)^USER 10001(:10001)?$");
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[\"java\""); // exec form: java is PID 1, gets SIGTERM
        String entrypoint = dockerfile.substring(dockerfile.indexOf("ENTRYPOINT"));
        assertThat(entrypoint).as("heap flags on the command line would override JAVA_TOOL_OPTIONS")
                .doesNotContain("MaxRAMPercentage").doesNotContain("MaxDirectMemorySize");
        assertThat(dockerfile).containsPattern("(?m)^ENV JAVA_TOOL_OPTIONS=.*-XX:MaxRAMPercentage=");
        for (String module : ServiceConfig.ALL.keySet()) {
            assertThat(ROOT.resolve(module).resolve("Dockerfile")).as("no per-service copy").doesNotExist();
        }
        // the build context is the repository root: send only the runnable jars
        String ignore = Files.readString(ROOT.resolve(".dockerignore"));
        assertThat(ignore).containsPattern("(?m)^\\*$").containsPattern("(?m)^!\\*/target/\\*-exec\\.jar$");
    }

    @Test
    void imagesRunOnAJava21OrNewerJre() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
        List<String> bases = new ArrayList<>();
        while (from.find()) {
            bases.add(from.group(1));
        }
        assertThat(bases).isNotEmpty().allSatisfy(base -> {
            Matcher m = Pattern.compile("^eclipse-temurin:(\\d+)(?:[.\\d]*)-jre(?:-\\S+)?$").matcher(base);
            assertThat(m.matches()).as(base + " is an eclipse-temurin JRE").isTrue();
            assertThat(Integer.parseInt(m.group(1))).as(base + " Java version").isGreaterThanOrEqualTo(21);
        });
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
