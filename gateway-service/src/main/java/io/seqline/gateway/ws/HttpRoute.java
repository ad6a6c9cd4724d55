package io.seqline.gateway.ws;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/** A plain HTTP endpoint on the client port (next to /ws), e.g. the dev token endpoint. */
public interface HttpRoute {

    /** The exact path served, e.g. {@code /dev/token}. */
    String path();

    FullHttpResponse handle(FullHttpRequest request);
}
