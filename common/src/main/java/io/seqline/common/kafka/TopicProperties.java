package io.seqline.common.kafka;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the topics a service writes are created: {@code seqline.topics.partitions} (default 12) and
 * {@code seqline.topics.replication} (default 1 standalone, 3 in Kubernetes).
 */
@Validated
@ConfigurationProperties("seqline.topics")
public record TopicProperties(
        @DefaultValue("12") @Min(1) @Max(10000) int partitions,
        @DefaultValue("1") @Min(1) @Max(16) short replication) {
}
