package io.seqline.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis server for tests, started once per JVM and shared by every test class; see {@link InfraMode}
 * for where it comes from ({@code SEQLINE_TEST_REDIS_URL}, Testcontainers {@code redis:7.2-alpine}, or an
 * embedded {@code redis-server} without persistence).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisExtension redis = RedisExtension.resettingEachTest();
 * }</pre>
 *
 * <p>{@link #resettingEachTest()} runs {@code FLUSHALL} before each test; {@code new RedisExtension()} leaves
 * the data alone. {@link #restartEmpty()} simulates a crash of a Redis without persistence (embedded only;
 * the test is aborted for other modes).
 */
public final class RedisExtension implements BeforeAllCallback, BeforeEachCallback {

    private static final JvmShared<RedisInfra> SHARED = new JvmShared<>("redis", RedisInfra::start);

    private final boolean resetEachTest;

    /** An extension that keeps data between tests. */
    public RedisExtension() {
        this(false);
    }

    private RedisExtension(boolean resetEachTest) {
        this.resetEachTest = resetEachTest;
    }

    /** An extension that empties Redis ({@code FLUSHALL}) before each test. */
    public static RedisExtension resettingEachTest() {
        return new RedisExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        SHARED.get(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (resetEachTest) {
            SHARED.get(context).flushAll();
        }
    }

    /** {@code redis://host:port} (or the external URL as given); starts the server if needed. */
    public String url() {
        return SHARED.get().url();
    }

    /** Deletes every key of every database. */
    public void flushAll() {
        SHARED.get().flushAll();
    }

    /** Kills the embedded server and starts it again on the same URL with no data; aborts for other modes. */
    public void restartEmpty() {
        SHARED.get().restartEmpty();
    }

    /** "external", "testcontainers" or "embedded". */
    public String mode() {
        return SHARED.get().mode.label();
    }
}
