package io.seqline.gateway.dev;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.seqline.common.ids.ConversationIds;
import io.seqline.gateway.auth.TokenService;
import io.seqline.gateway.ws.HttpRoute;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /dev/token?user=<id>} -> {@code {"token": "<JWT>"}}: log in as anyone. Only served when
 * {@code seqline.gateway.dev-endpoints=true} (standalone, demos); never in production.
 */
public class DevTokenRoute implements HttpRoute {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final TokenService tokens;

    public DevTokenRoute(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public String path() {
        return "/dev/token";
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request) {
        List<String> users = new QueryStringDecoder(request.uri()).parameters().get("user");
        String user = users == null || users.isEmpty() ? "" : users.get(0);
        if (!ConversationIds.isValidId(user)) {
            return json(HttpResponseStatus.BAD_REQUEST, Map.of("error", "user: must match " + ConversationIds.ID_SYNTAX));
        }
        return json(HttpResponseStatus.OK, Map.of("token", tokens.issue(user, Duration.ZERO).token()));
    }

    private static FullHttpResponse json(HttpResponseStatus status, Map<String, String> body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }
}
