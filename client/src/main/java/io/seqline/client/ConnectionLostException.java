package io.seqline.client;

/**
 * A request was on a connection that went away before it was answered (requests other than sends are
 * not repeated: ask again), or the client was closed with sends still pending.
 */
public final class ConnectionLostException extends RuntimeException {

    public ConnectionLostException(String message) {
        super(message, null, false, false);
    }
}
