package io.seqline.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code seqline.jwt.*}: HS256 client tokens. The secret has no default: the gateway refuses to start
 * without one (standalone and tests generate their own).
 */
@Validated
@ConfigurationProperties("seqline.jwt")
public record JwtProperties(
        @NotBlank(message = "seqline.jwt.secret must be set (at least 32 characters)")
        @Size(min = 32, message = "seqline.jwt.secret must be at least 32 characters") String secret,
        @DefaultValue("seqline") @NotBlank String issuer,
        @DefaultValue("24h") Duration defaultTtl,
        @DefaultValue("30d") Duration maxTtl) {
}
