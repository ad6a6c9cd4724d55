package io.seqline.gateway.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.seqline.gateway.ws.HttpRoute;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The static files of the demo page: content types, no way out of the folder, GET only. */
class StaticFilesRouteTest {

    private final StaticFilesRoute folder = StaticFilesRoute.folder("/demo/", "static-test", getClass().getClassLoader());

    private static FullHttpResponse get(HttpRoute route, String uri) {
        return route.handle(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }

    @Test
    void servesFilesWithTheirContentTypes() {
        FullHttpResponse script = get(folder, "/demo/app.js?v=1");
        assertThat(script.status().code()).isEqualTo(200);
        assertThat(script.headers().get("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(script.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(body(script)).isEqualTo("export const x = 1;\n");

        FullHttpResponse css = get(folder, "/demo/sub/style.css");
        assertThat(css.headers().get("Content-Type")).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void servesTheFolderIndexWithAContentSecurityPolicy() {
        FullHttpResponse index = get(folder, "/demo/");
        assertThat(index.status().code()).isEqualTo(200);
        assertThat(index.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(index.headers().get("Content-Security-Policy")).contains("default-src 'self'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/demo/../gateway-service.yml", "/demo/%2e%2e/gateway-service.yml", "/demo/sub/../app.js",
            "/demo/%2E%2E%2Fgateway-service.yml", "/demo/.hidden.txt", "/demo//app.js", "/demo/sub\\style.css",
            "/demo/app.js%00.css", "/demo/notes.unknown", "/demo/missing.js", "/demo/sub", "/demo/sub/"})
    void refusesPathsOutsideTheFolderHiddenOrUnknownFiles(String uri) {
        assertThat(get(folder, uri).status().code()).isEqualTo(404);
    }

    @Test
    void answersOtherMethodsWith405() {
        FullHttpResponse post = folder.handle(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/demo/app.js"));
        assertThat(post.status().code()).isEqualTo(405);
        assertThat(post.headers().get("Allow")).isEqualTo("GET");
    }

    @Test
    void theDemoPageIsPackagedAndServedAtTheRoot() {
        List<HttpRoute> routes = StaticFilesRoute.demoPage();
        HttpRoute root = routes.stream().filter(r -> r.path().equals("/")).findFirst().orElseThrow();
        HttpRoute assets = routes.stream().filter(r -> r.path().equals("/demo/")).findFirst().orElseThrow();
        HttpRoute client = routes.stream().filter(r -> r.path().equals("/clients/js/src/")).findFirst().orElseThrow();
        assertThat(root.prefix()).isFalse();
        FullHttpResponse page = get(root, "/");
        assertThat(page.status().code()).isEqualTo(200);
        assertThat(body(page)).contains("data-testid=\"login-user\"").contains("/demo/app.js");
        assertThat(get(assets, "/demo/app.js").status().code()).isEqualTo(200);
        assertThat(get(assets, "/demo/lib/chat.js").status().code()).isEqualTo(200);
        // the @seqline/client package, which the page imports by the same relative path as on disk
        FullHttpResponse receiver = get(client, "/clients/js/src/receiver.js");
        assertThat(receiver.status().code()).isEqualTo(200);
        assertThat(receiver.headers().get("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(get(client, "/clients/js/src/index.d.ts").status().code()).isEqualTo(404);
        assertThat(get(assets, "/demo/style.css").status().code()).isEqualTo(200);
    }
}
