package io.seqline.common.grpc;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code seqline.delivery.*}: the internal {@code Delivery} API (routing pushes frames to the gateways) is
 * served on its own gRPC port with its own credential, so the admin key of the public APIs cannot push
 * frames to clients, and the port can be closed to everything but routing.
 *
 * @param port the gateway's delivery port (default 9094; 0 = any free port); not used by routing, which
 *             finds each gateway's address in Redis
 * @param key  the key routing presents as {@code authorization: Bearer <key>} and the gateway requires
 *             ({@code SEQLINE_DELIVERY_KEY}); no default, at least 16 characters: the gateway and routing
 *             refuse to start without one
 */
@Validated
@ConfigurationProperties("seqline.delivery")
public record DeliveryProperties(
        @DefaultValue("9094") @Min(0) @Max(65535) int port,
        @NotBlank(message = "seqline.delivery.key must be set (at least 16 characters)")
        @Size(min = 16, message = "seqline.delivery.key must be at least 16 characters") String key) {
}
