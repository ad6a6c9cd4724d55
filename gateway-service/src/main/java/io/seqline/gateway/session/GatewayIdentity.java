package io.seqline.gateway.session;

import io.seqline.gateway.config.GatewayProperties;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** This replica's gateway id: configured, or generated once at start. */
@Component
public class GatewayIdentity {

    private final String id;

    public GatewayIdentity(GatewayProperties properties) {
        this.id = properties.id().isEmpty() ? "gw-" + UUID.randomUUID().toString().substring(0, 8) : properties.id();
    }

    public String id() {
        return id;
    }
}
