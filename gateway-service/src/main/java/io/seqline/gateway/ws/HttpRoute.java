package io.seqline.gateway.ws;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/** A plain HTTP endpoint on the client port (next to /ws), e.g. the dev token endpoint. */
public interface HttpRoute {

    /** The exact path served, e.g. {@code /dev/token}; with {@link #prefix()}, the start of the paths served. */
    String path();

    /**
     * True when the route serves every path that starts with {@link #path()} (which then ends in {@code /},
     * e.g. {@code /demo/}); an exact route of the same path wins, then the longest prefix.
     */
    default boolean prefix() {
        return false;
    }

    FullHttpResponse handle(FullHttpRequest request);
}
