package io.seqline.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kafka broker for tests, started once per JVM and shared by every test class; see {@link InfraMode}
 * for where it comes from ({@code SEQLINE_TEST_KAFKA_BOOTSTRAP}, Testcontainers {@code apache/kafka}, or
 * an embedded KRaft broker whose log lives in a temporary directory).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaExtension kafka = new KafkaExtension();
 * }</pre>
 *
 * <p>Topics and records are not reset between tests: use a fresh topic or consumer group per test. The
 * restart drill ({@link #stopBroker()}, {@link #startBroker()}) is supported by the embedded broker only and
 * aborts (skips) the test otherwise; a broker left stopped by a test is started again after it.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterEachCallback {

    private static final JvmShared<KafkaInfra> SHARED = new JvmShared<>("kafka", KafkaInfra::start);

    @Override
    public void beforeAll(ExtensionContext context) {
        SHARED.get(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        SHARED.get(context).ensureRunning();
    }

    /** {@code host:port} list for {@code bootstrap.servers}; starts the broker if needed. */
    public String bootstrapServers() {
        return SHARED.get().bootstrapServers();
    }

    /** Stops the embedded broker (its log is kept); aborts the test for other modes. */
    public void stopBroker() {
        SHARED.get().embedded("stopBroker").stop();
    }

    /** Starts the embedded broker again on the same port and log; aborts the test for other modes. */
    public void startBroker() {
        SHARED.get().embedded("startBroker").start();
    }

    /** "external", "testcontainers" or "embedded". */
    public String mode() {
        return SHARED.get().mode.label();
    }
}
