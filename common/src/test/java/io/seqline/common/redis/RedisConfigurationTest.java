package io.seqline.common.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The services' shared connection is made from Boot's {@code spring.data.redis.*}: the password reaches Redis in
 * the connection handshake. A one-shot loopback listener records what the client sends first and answers with an
 * error, which ends the attempt (and the context's start).
 */
class RedisConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
            .withUserConfiguration(RedisConfiguration.class)
            .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.timeout=2s");

    @Test
    void thePasswordPropertyAuthenticatesTheSharedConnection() throws Exception {
        String handshake = firstCommand("spring.data.redis.password=s3cret-from-a-secret");
        assertThat(handshake).contains("AUTH").contains("s3cret-from-a-secret");
    }

    @Test
    void withoutAPasswordNothingIsSent() throws Exception {
        assertThat(firstCommand("spring.data.redis.client-name=seqline-test")).doesNotContain("AUTH");
    }

    @Test
    void aStaticPrimaryAndReplicaListIsRefusedWithAClearMessage() {
        context.withPropertyValues("spring.data.redis.masterreplica.nodes=127.0.0.1:6379,127.0.0.1:6380")
                .run(started -> assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("spring.data.redis.masterreplica.nodes is not supported"));
    }

    private String firstCommand(String property) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(5_000);
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[4096];
                    int n = in.read(buffer);
                    socket.getOutputStream().write("-ERR test server\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
                } catch (Exception e) {
                    return "failed: " + e;
                }
            });
            context.withPropertyValues("spring.data.redis.port=" + server.getLocalPort(), property)
                    .run(started -> assertThat(started).hasFailed()); // the test server refuses the handshake
            return received.get(10, TimeUnit.SECONDS);
        }
    }
}
