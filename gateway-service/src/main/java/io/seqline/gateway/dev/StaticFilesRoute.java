package io.seqline.gateway.dev;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.seqline.gateway.ws.HttpRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Static files from a classpath folder, for the demo web chat: {@code GET /} is its {@code index.html},
 * {@code GET /demo/<file>} its scripts, styles and images. Only served with dev endpoints on (standalone,
 * demos). Paths are checked segment by segment (no {@code ..}, no hidden files, no backslashes, also when
 * percent-encoded) and only known file types are served, each with its content type.
 */
public final class StaticFilesRoute implements HttpRoute {

    /** Where the build puts {@code demo-web/src} on the gateway's classpath. */
    public static final String DEMO_RESOURCES = "seqline-demo";
    /** Where the build puts {@code clients/js/src} (the {@code @seqline/client} package) on the classpath. */
    public static final String CLIENT_JS_RESOURCES = "seqline-client-js";

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    /** Scripts, styles and connections only from this origin: the page uses no CDN. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final String path;
    private final boolean prefix;
    private final String resource;
    private final ClassLoader loader;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    private StaticFilesRoute(String path, boolean prefix, String resource, ClassLoader loader) {
        this.path = path;
        this.prefix = prefix;
        this.resource = resource;
        this.loader = loader;
    }

    /** Serves the files under classpath folder {@code folder} at {@code urlPrefix} (ending in {@code /}). */
    public static StaticFilesRoute folder(String urlPrefix, String folder, ClassLoader loader) {
        if (!urlPrefix.startsWith("/") || !urlPrefix.endsWith("/")) {
            throw new IllegalArgumentException("urlPrefix: " + urlPrefix + " (expected: /.../)");
        }
        return new StaticFilesRoute(urlPrefix, true, folder, loader);
    }

    /** Serves one classpath file at exactly {@code urlPath}. */
    public static StaticFilesRoute file(String urlPath, String file, ClassLoader loader) {
        return new StaticFilesRoute(urlPath, false, file, loader);
    }

    /**
     * The demo chat: its page at {@code /}, its assets under {@code /demo/}, and the JavaScript client package
     * it imports under {@code /clients/js/src/} (the repository's path, so that the page's relative imports
     * resolve the same in the browser and on disk).
     */
    public static List<HttpRoute> demoPage() {
        ClassLoader loader = StaticFilesRoute.class.getClassLoader();
        return List.of(file("/", DEMO_RESOURCES + "/index.html", loader), folder("/demo/", DEMO_RESOURCES, loader),
                folder("/clients/js/src/", CLIENT_JS_RESOURCES, loader));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean prefix() {
        return prefix;
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request) {
        if (!request.method().equals(HttpMethod.GET)) {
            FullHttpResponse refused = plain(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET");
            refused.headers().set(HttpHeaderNames.ALLOW, "GET");
            return refused;
        }
        String file = prefix ? fileUnderFolder(new QueryStringDecoder(request.uri()).path()) : resource;
        String type = file == null ? null : CONTENT_TYPES.get(extension(file));
        byte[] body = type == null ? null : read(file);
        if (body == null) {
            return plain(HttpResponseStatus.NOT_FOUND, "not found");
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        response.headers().set("X-Content-Type-Options", "nosniff");
        if (type.startsWith("text/html")) {
            response.headers().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.headers().set("Referrer-Policy", "no-referrer");
        }
        return response;
    }

    /** The classpath file for a decoded request path under the prefix, or null when the path is not allowed. */
    private String fileUnderFolder(String decodedPath) {
        if (!decodedPath.startsWith(path)) {
            return null;
        }
        String relative = decodedPath.substring(path.length());
        if (relative.isEmpty()) {
            relative = "index.html";
        }
        for (String segment : relative.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return null; // "..", ".hidden", "", "a\\b", NUL, …
            }
        }
        return resource + "/" + relative;
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1);
    }

    private byte[] read(String file) {
        byte[] cached = cache.get(file);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = loader.getResourceAsStream(file)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            cache.put(file, bytes); // only files that exist: the cache is bounded by the folder
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FullHttpResponse plain(HttpResponseStatus status, String text) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }
}
