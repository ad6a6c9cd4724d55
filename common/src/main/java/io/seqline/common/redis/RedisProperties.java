package io.seqline.common.redis;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code seqline.redis.*}: where Redis is, how long a command may take, and the password Redis requires
 * ({@code requirepass}), if any. The password is a property of its own so that deployments can take it from
 * a secret without writing it into the URL; a password in the URL ({@code redis://:secret@host:6379}) works
 * too, and this one wins when both are set.
 */
@Validated
@ConfigurationProperties("seqline.redis")
public record RedisProperties(
        @DefaultValue("redis://127.0.0.1:6379") @NotBlank String url,
        @DefaultValue("5s") Duration commandTimeout,
        String password) {
}
