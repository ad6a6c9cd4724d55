package io.seqline.sequence.ingest;

import java.time.Duration;
import org.springframework.kafka.listener.CommonErrorHandler;

/** The error handling of the im.inbound listener, for the application's wiring. */
public final class InboundListenerErrors {

    private InboundListenerErrors() {
    }

    /** A failed batch commits nothing and is read again from its first record, after a growing backoff. */
    public static CommonErrorHandler rereadWithBackoff(Duration first, Duration max) {
        return new RereadBatchErrorHandler(first, max);
    }
}
