package io.seqline.testsupport.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ChaosProxyTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Records text frames and whether the socket closed. */
    static final class Recorder implements WebSocket.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frames.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.set(true);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.set(true);
        }
    }

    private static WebSocket connect(ChaosProxy proxy, String query, Recorder recorder) {
        return HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws?" + query), recorder)
                .orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void calmTheProxyPassesEveryFrameInOrderBothWays() {
        try (CountingGateway gateway = new CountingGateway("gw", 1000);
             ChaosProxy proxy = ChaosProxy.start(ChaosSettings.calm(1), List.of(gateway.address()))) {
            Recorder recorder = new Recorder();
            WebSocket ws = connect(proxy, "device=d1&token=t", recorder);
            ws.sendText("hello", true).join();
            await().until(() -> recorder.frames.size() == 1001);
            assertThat(recorder.frames.subList(0, 1000)).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 1000).mapToObj(Integer::toString).toList());
            assertThat(recorder.frames.get(1000)).isEqualTo("gw:hello");
        }
    }

    @Test
    void underChaosFramesAreDroppedDuplicatedAndReorderedAndConnectionsCut() {
        ChaosSettings settings = new ChaosSettings(5, 0.05, 0.05, Duration.ofMillis(200), Duration.ofMillis(1500));
        try (CountingGateway gateway = new CountingGateway("gw", 2000);
             ChaosProxy proxy = ChaosProxy.start(settings, List.of(gateway.address()))) {
            Recorder recorder = new Recorder();
            connect(proxy, "device=d1&token=t", recorder);
            await().atMost(Duration.ofSeconds(10)).until(recorder.closed::get);

            List<Integer> seen = recorder.frames.stream().map(Integer::parseInt).toList();
            assertThat(new HashSet<>(seen)).hasSizeBetween(1800, 1950);
            assertThat(seen.size()).isGreaterThan(new HashSet<>(seen).size());
            assertThat(seen).as("reordered").isNotEqualTo(seen.stream().sorted().toList());
            assertThat(proxy.stats().cuts()).isEqualTo(1);
            assertThat(proxy.stats().dropped() + proxy.stats().duplicated()).isPositive();
        }
    }

    @Test
    void aGatewayThatRefusesTheConnectionIsSkippedAndAGatewaysRefusalIsPassedOn() throws Exception {
        InetSocketAddress stopped;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            stopped = new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        }
        try (CountingGateway gateway = new CountingGateway("gw-2", 0);
             ChaosProxy proxy = ChaosProxy.start(ChaosSettings.calm(1), List.of(stopped, gateway.address()))) {
            for (String device : List.of("a", "b", "c", "d")) {
                Recorder recorder = new Recorder();
                connect(proxy, "device=" + device + "&token=t", recorder).sendText("x", true).join();
                await().until(() -> recorder.frames.contains("gw-2:x"));
            }
            assertThat(proxy.stats().failovers()).isBetween(1L, 4L);
            try {
                connect(proxy, "device=a&token=bad", new Recorder());
                throw new AssertionError("the upgrade should have been refused");
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(401));
            }
        }
    }
}
