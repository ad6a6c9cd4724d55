package io.seqline.gateway.ws;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The HTTP side of the client port: authenticates {@code GET /ws} before the upgrade (401 on a missing,
 * expired or forged token) and passes it on to the WebSocket handshake; serves the plain HTTP routes.
 */
final class UpgradeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final AttributeKey<Session> SESSION = AttributeKey.valueOf("seqline.session");
    static final String WS_PATH = "/ws";

    private final HandshakeAuthenticator authenticator;
    private final Map<String, HttpRoute> routes;

    UpgradeHandler(HandshakeAuthenticator authenticator, Map<String, HttpRoute> routes) {
        super(false);
        this.authenticator = authenticator;
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        if (query.path().equals(WS_PATH)) {
            if (!request.method().equals(HttpMethod.GET)) {
                reply(ctx, request, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET /ws"));
                return;
            }
            try {
                ctx.channel().attr(SESSION).set(authenticator.authenticate(query));
            } catch (HandshakeAuthenticator.Refused refused) {
                reply(ctx, request, text(HttpResponseStatus.valueOf(refused.status()), refused.getMessage()));
                return;
            }
            ctx.fireChannelRead(request); // the WebSocket protocol handler completes the upgrade
            return;
        }
        HttpRoute route = route(query.path());
        try {
            reply(ctx, request, route == null ? text(HttpResponseStatus.NOT_FOUND, "not found") : route.handle(request));
        } finally {
            request.release();
        }
    }

    private HttpRoute route(String path) {
        HttpRoute exact = routes.get(path);
        if (exact != null && !exact.prefix()) {
            return exact;
        }
        HttpRoute longest = null;
        for (HttpRoute route : routes.values()) {
            if (route.prefix() && path.startsWith(route.path())
                    && (longest == null || route.path().length() > longest.path().length())) {
                longest = route;
            }
        }
        return longest;
    }

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    private static void reply(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request) && response.status().code() < 400;
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
