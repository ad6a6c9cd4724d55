package io.seqline.testsupport;

import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/**
 * Where a piece of test infrastructure comes from, decided once per piece in this order:
 * <ol>
 *   <li>{@link #EXTERNAL} when the piece's environment variable (e.g. {@code SEQLINE_TEST_KAFKA_BOOTSTRAP})
 *       points at a running service;</li>
 *   <li>{@link #TESTCONTAINERS} when a Docker engine answers, unless {@code SEQLINE_TEST_DOCKER=false};</li>
 *   <li>{@link #EMBEDDED} otherwise: real servers from the {@code seqline-embedded} module.</li>
 * </ol>
 */
enum InfraMode {
    EXTERNAL, TESTCONTAINERS, EMBEDDED;

    /** Set to {@code false} to skip Docker even when it is available. */
    static final String DOCKER_ENV = "SEQLINE_TEST_DOCKER";

    private static volatile Boolean dockerAvailable;

    /** Chooses the mode for the piece whose external address is in environment variable {@code externalEnv}. */
    static InfraMode choose(String externalEnv) {
        if (env(externalEnv) != null) {
            return EXTERNAL;
        }
        if (!"false".equalsIgnoreCase(env(DOCKER_ENV)) && dockerAvailable()) {
            return TESTCONTAINERS;
        }
        return EMBEDDED;
    }

    /** The value of an environment variable, or {@code null} when unset or blank. */
    static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The environment variable's value, or {@code fallback} when unset or blank. */
    static String env(String name, String fallback) {
        String value = env(name);
        return value != null ? value : fallback;
    }

    /** The name {@code mode()} reports: "external", "testcontainers" or "embedded". */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static boolean dockerAvailable() {
        Boolean known = dockerAvailable;
        if (known == null) {
            synchronized (InfraMode.class) {
                known = dockerAvailable;
                if (known == null) {
                    known = probeDocker();
                    dockerAvailable = known;
                }
            }
        }
        return known;
    }

    private static boolean probeDocker() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
