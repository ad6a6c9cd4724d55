package io.seqline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The delivery address a gateway advertises in Redis is a target routing's gRPC channel can dial. */
class RouteRegistryAddressTest {

    @Test
    void anIpv6PodAddressIsBracketedAndOthersAreLeftAsTheyAre() {
        assertThat(RouteRegistry.deliveryAddress("fd00:10:244::17", 9094)).isEqualTo("[fd00:10:244::17]:9094");
        assertThat(RouteRegistry.deliveryAddress("10.244.0.17", 9094)).isEqualTo("10.244.0.17:9094");
        assertThat(RouteRegistry.deliveryAddress("gateway-0.gateway.seqline.svc", 9094))
                .isEqualTo("gateway-0.gateway.seqline.svc:9094");
    }
}
