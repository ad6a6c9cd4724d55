package io.seqline.routing;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code seqline.routing.*}: where history-service is (group members when Redis lost them). */
@Validated
@ConfigurationProperties("seqline.routing")
public record RoutingProperties(@DefaultValue("127.0.0.1:9091") @NotBlank String historyAddress) {
}
