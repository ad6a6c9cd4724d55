package io.seqline.gateway.config;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code seqline.gateway.*} as Spring binds it: the record's defaults, overridden by the given properties. */
public final class GatewayPropertiesFixture {

    private GatewayPropertiesFixture() {
    }

    /** @param overrides e.g. {@code "recall-window" -> "3s"} (names relative to {@code seqline.gateway}) */
    public static GatewayProperties with(Map<String, String> overrides) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        overrides.forEach((name, value) -> source.put("seqline.gateway." + name, value));
        return new Binder(source).bindOrCreate("seqline.gateway", GatewayProperties.class);
    }
}
