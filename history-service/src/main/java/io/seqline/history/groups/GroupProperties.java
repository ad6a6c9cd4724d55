package io.seqline.history.groups;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code seqline.groups.*}: the largest group allowed (default 20,000 members). */
@Validated
@ConfigurationProperties("seqline.groups")
public record GroupProperties(@DefaultValue("20000") @Min(2) @Max(1_000_000) int maxMembers) {
}
