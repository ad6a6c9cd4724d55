package io.seqline.sequence.fencing;

import io.seqline.common.kafka.Topics;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * The owner epoch of each im.inbound partition this instance holds. An assignment forgets the partitions'
 * epochs; the first batch of a partition then takes a new one from the PostgreSQL sequence
 * {@code owner_epoch}, which only grows, so every later owner of a partition has a higher epoch than every
 * earlier one. The Redis step of a send carries its partition's epoch and is refused when a higher one has
 * decided sends of the same conversation: a former owner that wakes up after a pause can no longer issue
 * or publish a seq.
 *
 * <p>Taking the epoch needs PostgreSQL once per assignment; while it is down, a newly assigned partition
 * waits (its batch fails and is retried), partitions already held keep flowing.
 */
@Component
public class OwnerEpochs implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(OwnerEpochs.class);

    private final JdbcTemplate jdbc;
    private final Map<Integer, Long> epochs = new ConcurrentHashMap<>();

    public OwnerEpochs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Makes sure each of these partitions has an epoch (one new epoch for all that lack one).
     *
     * @param assigned the consumer's current assignment: a partition no longer in it gets no new epoch (a
     *                 fresh epoch would outrank its new owner's), and its batch fails
     */
    public void ensure(Collection<Integer> partitions, Collection<TopicPartition> assigned) {
        if (partitions.stream().allMatch(epochs::containsKey)) {
            return;
        }
        for (int partition : partitions) {
            if (!epochs.containsKey(partition) && !assigned.contains(new TopicPartition(Topics.INBOUND, partition))) {
                throw new IllegalStateException("im.inbound partition " + partition + " is no longer assigned here");
            }
        }
        Long epoch = jdbc.queryForObject("select nextval('owner_epoch')", Long.class);
        for (int partition : partitions) {
            if (epochs.putIfAbsent(partition, epoch) == null) {
                log.info("im.inbound partition {}: owner epoch {}", partition, epoch);
            }
        }
    }

    /** The epoch of a partition, after {@link #ensure}. */
    public long of(int partition) {
        Long epoch = epochs.get(partition);
        if (epoch == null) {
            throw new IllegalStateException("no owner epoch for im.inbound partition " + partition);
        }
        return epoch;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> epochs.remove(tp.partition()));
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> epochs.remove(tp.partition()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> epochs.remove(tp.partition()));
    }
}
