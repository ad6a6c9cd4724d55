package io.seqline.common.grpc;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code seqline.grpc.*}: the service's gRPC port (0 = any free port) and the admin key that public and
 * internal gRPC calls must present as {@code authorization: Bearer <key>}. There is no default key: a
 * service refuses to start without one.
 */
@Validated
@ConfigurationProperties("seqline.grpc")
public record GrpcProperties(
        @Min(0) @Max(65535) int port,
        @NotBlank(message = "seqline.grpc.admin-key must be set (at least 16 characters)")
        @Size(min = 16, message = "seqline.grpc.admin-key must be at least 16 characters") String adminKey) {
}
