package io.seqline.testkit;

import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts Seqline once per test run (JVM) and shares it between test classes; it stops when the run ends.
 * Tests get it as a {@link Seqline} parameter or from {@link #get()}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SeqlineExtension seqline = new SeqlineExtension();      // or @ExtendWith(SeqlineExtension.class)
 * }</pre>
 *
 * <p>Where it runs ({@link Mode}) comes from the constructor, else from the system property
 * {@code seqline.testkit.mode} or the environment variable {@code SEQLINE_TESTKIT_MODE}
 * ({@code in-process} or {@code containers}), else in-process:
 * <ul>
 *   <li>{@link Mode#IN_PROCESS}: the four services in this JVM (each its own Spring context), on Kafka, Redis
 *       and PostgreSQL from seqline-test-support: external ones named by {@code SEQLINE_TEST_KAFKA_BOOTSTRAP},
 *       {@code SEQLINE_TEST_REDIS_URL}, {@code SEQLINE_TEST_POSTGRES_JDBC}; else Testcontainers when Docker
 *       runs; else embedded servers. Needs nothing installed.</li>
 *   <li>{@link Mode#CONTAINERS}: Kafka, Redis, PostgreSQL and the four Seqline images
 *       ({@code seqline/<service>:<version>}, built from the root Dockerfile) in Docker through Testcontainers,
 *       closest to production. Without Docker the tests are skipped (aborted), not failed.</li>
 * </ul>
 */
public final class SeqlineExtension implements BeforeAllCallback, ParameterResolver {

    /** Where Seqline runs. */
    public enum Mode {
        IN_PROCESS, CONTAINERS;

        static Mode parse(String value) {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    static final String MODE_PROPERTY = "seqline.testkit.mode";
    static final String MODE_ENV = "SEQLINE_TESTKIT_MODE";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SeqlineExtension.class);

    private final Mode mode;
    private volatile Seqline started;

    /** The mode from {@code seqline.testkit.mode} / {@code SEQLINE_TESTKIT_MODE}, in-process by default. */
    public SeqlineExtension() {
        this(configuredMode());
    }

    public SeqlineExtension(Mode mode) {
        this.mode = mode;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        started = shared(context);
    }

    /** The running Seqline (after this extension's {@code beforeAll}). */
    public Seqline get() {
        Seqline s = started;
        if (s == null) {
            throw new IllegalStateException("Seqline is not started: register SeqlineExtension as a static field "
                    + "with @RegisterExtension, or use @ExtendWith(SeqlineExtension.class) and a Seqline parameter");
        }
        return s;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Seqline.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return started != null ? started : shared(context);
    }

    private Seqline shared(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        synchronized (SeqlineExtension.class) {
            return store.computeIfAbsent(mode, m -> switch (mode) {
                case IN_PROCESS -> InProcessSeqline.start(context);
                case CONTAINERS -> ContainerSeqline.start();
            }, Seqline.class);
        }
    }

    private static Mode configuredMode() {
        String value = System.getProperty(MODE_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(MODE_ENV);
        }
        return value == null || value.isBlank() ? Mode.IN_PROCESS : Mode.parse(value);
    }
}
