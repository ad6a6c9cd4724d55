package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A gateway shutting down tells its clients to reconnect elsewhere before it goes. */
class GatewayDrainIntegrationTest extends ClusterTest {

    @Test
    void aStoppingGatewayAsksItsClientsToReconnectAndTheyCanAtTheOtherOne() throws Exception {
        try (WsTestClient client = connect(1, user("drained"))) {
            long started = System.nanoTime();
            cluster.stopGateway(1);
            try {
                int code = client.closed().get(5, TimeUnit.SECONDS);
                assertThat(code).as("close code").isEqualTo(1012); // service restart: reconnect
                assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
                try (WsTestClient moved = connect(0, user("moved"))) {
                    moved.sendRaw("{\"requestId\":\"p\",\"ping\":{}}");
                    assertThat(moved.await(f -> f.getRequestId().equals("p")).hasPong()).isTrue();
                }
            } finally {
                cluster.startGateway(1);
            }
        }
    }
}
