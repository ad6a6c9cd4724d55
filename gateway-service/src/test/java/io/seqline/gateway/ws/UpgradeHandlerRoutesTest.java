package io.seqline.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain HTTP routes on the client port: exact paths first, then the longest prefix route. */
class UpgradeHandlerRoutesTest {

    private record Named(String path, boolean prefix, String name) implements HttpRoute {
        @Override
        public FullHttpResponse handle(FullHttpRequest request) {
            return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(name, StandardCharsets.UTF_8));
        }
    }

    private static String answer(Map<String, HttpRoute> routes, String uri) {
        HandshakeAuthenticator refuseAll = (QueryStringDecoder query) -> {
            throw new HandshakeAuthenticator.Refused(401, "no");
        };
        EmbeddedChannel channel = new EmbeddedChannel(new UpgradeHandler(refuseAll, routes));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
        FullHttpResponse response = channel.readOutbound();
        try {
            return response.status().code() + " " + response.content().toString(StandardCharsets.UTF_8).trim();
        } finally {
            response.release();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void exactRoutesWinThenTheLongestPrefix() {
        Map<String, HttpRoute> routes = Map.of(
                "/", new Named("/", false, "root"),
                "/demo/", new Named("/demo/", true, "demo"),
                "/demo/lib/", new Named("/demo/lib/", true, "lib"),
                "/dev/token", new Named("/dev/token", false, "token"));
        assertThat(answer(routes, "/")).isEqualTo("200 root");
        assertThat(answer(routes, "/?x=1")).isEqualTo("200 root");
        assertThat(answer(routes, "/dev/token?user=a")).isEqualTo("200 token");
        assertThat(answer(routes, "/demo/app.js")).isEqualTo("200 demo");
        assertThat(answer(routes, "/demo/lib/client.js")).isEqualTo("200 lib");
        assertThat(answer(routes, "/elsewhere")).isEqualTo("404 not found");
        assertThat(answer(routes, "/demo")).isEqualTo("404 not found");
        assertThat(answer(routes, "/ws?token=x")).startsWith("401");
    }
}
