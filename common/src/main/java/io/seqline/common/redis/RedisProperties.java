package io.seqline.common.redis;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code seqline.redis.*}: where Redis is and how long a command may take. */
@Validated
@ConfigurationProperties("seqline.redis")
public record RedisProperties(
        @DefaultValue("redis://127.0.0.1:6379") @NotBlank String url,
        @DefaultValue("5s") Duration commandTimeout) {
}
