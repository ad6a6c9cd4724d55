package io.seqline.testsupport;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One infrastructure piece shared by every test class of the JVM: created lazily on first use, under a
 * lock, and closed once at the end of the test run. The end is signalled by the root extension context
 * (JUnit closes {@link AutoCloseable} values of its store when the run ends) and, as a fallback for
 * pieces first used outside an extension callback, by a JVM shutdown hook. After closing, the next use
 * starts a fresh piece.
 */
final class JvmShared<T extends AutoCloseable> {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JvmShared.class);

    private final String name;
    private final Supplier<T> factory;
    private T value;
    private boolean hookAdded;

    JvmShared(String name, Supplier<T> factory) {
        this.name = name;
        this.factory = factory;
    }

    /** Starts the piece if needed and ties its end to the root context of {@code context}'s run. */
    T get(ExtensionContext context) {
        T piece = get();
        context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(name, key -> (AutoCloseable) this::close, AutoCloseable.class);
        return piece;
    }

    /** Starts the piece if needed. */
    synchronized T get() {
        if (value == null) {
            value = factory.get();
            if (!hookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::close, "seqline-test-" + name + "-stop"));
                hookAdded = true;
            }
        }
        return value;
    }

    /** Stops the piece (if started); a later {@link #get()} starts a new one. */
    synchronized void close() {
        if (value == null) {
            return;
        }
        T closing = value;
        value = null;
        try {
            closing.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop test " + name, e);
        }
    }
}
