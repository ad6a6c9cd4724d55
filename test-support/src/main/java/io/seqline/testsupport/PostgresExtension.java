package io.seqline.testsupport;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL server for tests, started once per JVM and shared by every test class; see {@link InfraMode}
 * for where it comes from ({@code SEQLINE_TEST_POSTGRES_JDBC} with {@code _USER}/{@code _PASSWORD}, default
 * "postgres"; Testcontainers {@code postgres:16-alpine}; or an embedded server in a temporary directory).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension postgres = PostgresExtension.resettingEachTest();
 * }</pre>
 *
 * <p>{@link #resettingEachTest()} truncates every table (except Flyway's history) before each test;
 * {@code new PostgresExtension()} leaves the data alone. The restart drill ({@link #stopServer()},
 * {@link #startServer()}) keeps the data; it is supported by the embedded server only and aborts (skips) the
 * test otherwise. A server left stopped by a test is started again after it.
 */
public final class PostgresExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final JvmShared<PostgresInfra> SHARED = new JvmShared<>("postgres", PostgresInfra::start);

    private final boolean resetEachTest;

    /** An extension that keeps data between tests. */
    public PostgresExtension() {
        this(false);
    }

    private PostgresExtension(boolean resetEachTest) {
        this.resetEachTest = resetEachTest;
    }

    /** An extension that truncates all tables (except Flyway's history) before each test. */
    public static PostgresExtension resettingEachTest() {
        return new PostgresExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        SHARED.get(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (resetEachTest) {
            PostgresReset.truncateAll(SHARED.get(context).dataSource);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        SHARED.get(context).ensureRunning();
    }

    public String jdbcUrl() {
        return SHARED.get().jdbcUrl;
    }

    public String user() {
        return SHARED.get().user;
    }

    public String password() {
        return SHARED.get().password;
    }

    /** A non-pooling data source for the server (a new connection per {@code getConnection()}). */
    public DataSource dataSource() {
        return SHARED.get().dataSource;
    }

    /** Stops the embedded server (fast shutdown, data kept); aborts the test for other modes. */
    public void stopServer() {
        SHARED.get().embedded("stopServer").stop();
    }

    /** Starts the embedded server again on the same port and data; aborts the test for other modes. */
    public void startServer() {
        SHARED.get().embedded("startServer").start();
    }

    /** "external", "testcontainers" or "embedded". */
    public String mode() {
        return SHARED.get().mode.label();
    }
}
