package io.seqline.gateway.ws;

import io.netty.handler.codec.http.QueryStringDecoder;

/** Decides, from the upgrade request's query, who connects; refusals become HTTP 401 (or 400). */
public interface HandshakeAuthenticator {

    /** Thrown to refuse the upgrade. */
    final class Refused extends Exception {
        private final int status;

        public Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    Session authenticate(QueryStringDecoder query) throws Refused;
}
