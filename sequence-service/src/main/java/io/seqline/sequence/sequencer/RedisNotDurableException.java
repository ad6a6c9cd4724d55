package io.seqline.sequence.sequencer;

import java.time.Duration;

/**
 * Fewer Redis replicas than {@code seqline.sequencer.redis-wait-replicas} acknowledged a batch's writes in
 * time. The batch publishes nothing and is read again; each record then gets the outcome it was given.
 */
final class RedisNotDurableException extends IllegalStateException {

    RedisNotDurableException(long holding, int wanted, Duration timeout) {
        super("Redis writes of the batch reached " + holding + " of " + wanted + " replicas within " + timeout
                + "; the batch is read again");
    }
}
