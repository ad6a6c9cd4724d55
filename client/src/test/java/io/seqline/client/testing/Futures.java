package io.seqline.client.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** What a completed future failed with (JDK 17 has no {@code exceptionNow}). */
public final class Futures {

    private Futures() {
    }

    public static Throwable failure(CompletableFuture<?> future) {
        if (!future.isCompletedExceptionally()) {
            throw new AssertionError("expected a failed future, got " + future);
        }
        try {
            future.join();
            throw new AssertionError("unreachable");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
