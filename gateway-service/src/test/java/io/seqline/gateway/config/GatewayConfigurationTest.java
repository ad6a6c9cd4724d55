package io.seqline.gateway.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqline.gateway.GatewayApplication;
import io.seqline.testsupport.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway's own configuration file is loaded and validated: no secret, no start. */
class GatewayConfigurationTest {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final String DELIVERY_KEY = "--seqline.delivery.key=a-delivery-key-long-enough";

    @Test
    void theGatewayRefusesToStartWithoutAJwtSecret() {
        assertThatThrownBy(() -> GatewayApplication.builder().run("--spring.data.redis.url=" + redis.url(),
                "--seqline.grpc.admin-key=an-admin-key-long-enough", "--seqline.grpc.port=0", DELIVERY_KEY,
                "--seqline.gateway.client-port=0", "--spring.main.banner-mode=off"))
                .hasStackTraceContaining("seqline.jwt.secret must be set");
    }

    @Test
    void theGatewayRefusesToStartWithoutAnAdminKey() {
        assertThatThrownBy(() -> GatewayApplication.builder().run("--spring.data.redis.url=" + redis.url(),
                "--seqline.jwt.secret=a-jwt-secret-that-is-long-enough-0123456789", "--seqline.grpc.port=0",
                DELIVERY_KEY, "--seqline.gateway.client-port=0", "--spring.main.banner-mode=off"))
                .hasStackTraceContaining("seqline.grpc.admin-key must be set");
    }

    @Test
    void theGatewayRefusesToStartWithoutADeliveryKey() {
        assertThatThrownBy(() -> GatewayApplication.builder().run("--spring.data.redis.url=" + redis.url(),
                "--seqline.jwt.secret=a-jwt-secret-that-is-long-enough-0123456789",
                "--seqline.grpc.admin-key=an-admin-key-long-enough", "--seqline.grpc.port=0",
                "--seqline.delivery.port=0", "--seqline.gateway.client-port=0", "--spring.main.banner-mode=off"))
                .hasStackTraceContaining("seqline.delivery.key must be set");
    }

    @Test
    void theGatewayRefusesToStartWhenTheDeliveryKeyIsTheAdminKey() {
        assertThatThrownBy(() -> GatewayApplication.builder().run("--spring.data.redis.url=" + redis.url(),
                "--seqline.jwt.secret=a-jwt-secret-that-is-long-enough-0123456789",
                "--seqline.grpc.admin-key=an-admin-key-long-enough", "--seqline.grpc.port=0",
                "--seqline.delivery.key=an-admin-key-long-enough", "--seqline.delivery.port=0",
                "--seqline.gateway.client-port=0", "--spring.main.banner-mode=off"))
                .hasStackTraceContaining("seqline.delivery.key must differ from seqline.grpc.admin-key");
    }

    @Test
    void aBadValueInTheConfigurationIsRefusedWithItsName() {
        assertThatThrownBy(() -> GatewayApplication.builder().run("--spring.data.redis.url=" + redis.url(),
                "--seqline.jwt.secret=a-jwt-secret-that-is-long-enough-0123456789",
                "--seqline.grpc.admin-key=an-admin-key-long-enough", "--seqline.grpc.port=0", DELIVERY_KEY,
                "--seqline.gateway.client-port=0", "--seqline.gateway.max-frame-bytes=10",
                "--spring.main.banner-mode=off"))
                .hasStackTraceContaining("maxFrameBytes");
    }
}
