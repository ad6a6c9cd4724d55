package io.seqline.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lettuce.core.RedisClient;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code seqline.redis.password} reaches Redis in the connection handshake although the URL carries none: a
 * one-shot loopback listener records what the client sends first and answers with an error, which ends the
 * attempt.
 */
class RedisConfigurationTest {

    @Test
    void thePasswordPropertyAuthenticatesAConnectionWhoseUrlHasNoPassword() throws Exception {
        String handshake = firstCommand(new RedisProperties(null, Duration.ofSeconds(2), "s3cret-from-a-secret"));
        assertThat(handshake).contains("AUTH").contains("s3cret-from-a-secret");
    }

    @Test
    void withoutAPasswordNothingIsSent() throws Exception {
        assertThat(firstCommand(new RedisProperties(null, Duration.ofSeconds(2), null))).doesNotContain("AUTH");
    }

    private static String firstCommand(RedisProperties template) throws Exception {
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
            RedisProperties properties = new RedisProperties("redis://127.0.0.1:" + server.getLocalPort(),
                    template.commandTimeout(), template.password());
            RedisClient client = new RedisConfiguration().redisClient(properties);
            try {
                catchThrowable(client::connect); // the test server refuses the handshake
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            return received.get(10, TimeUnit.SECONDS);
        }
    }
}
