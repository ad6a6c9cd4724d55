package io.seqline.testsupport.chaos;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/** The client's side of the proxy: takes the upgrade request, then the client's frames. */
final class DownstreamHandler extends ChannelInboundHandlerAdapter {

    private final ChaosProxy proxy;
    private ProxiedConnection connection;

    DownstreamHandler(ChaosProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && connection == null) {
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            if (!query.path().equals("/ws")) {
                ProxiedConnection.reply(ctx.channel(), HttpResponseStatus.NOT_FOUND);
                request.release();
                return;
            }
            List<String> device = query.parameters().get("device");
            String deviceId = device == null || device.isEmpty() ? "" : device.get(0);
            ctx.channel().config().setAutoRead(false);
            connection = new ProxiedConnection(proxy, ctx.channel(), request, proxy.diceFor(deviceId));
            connection.connectUpstream(proxy.upstreamsFor(deviceId));
        } else if (msg instanceof WebSocketFrame frame && connection != null) {
            connection.fromClient(frame);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.closeBoth();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
