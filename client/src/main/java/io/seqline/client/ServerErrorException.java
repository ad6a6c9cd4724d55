package io.seqline.client;

/**
 * The server answered a request with an {@code error} frame, e.g. {@code UNSUPPORTED} for a request
 * this server does not serve yet, {@code FORBIDDEN} or {@code NOT_FOUND}.
 */
public final class ServerErrorException extends RuntimeException {

    private final String code;

    public ServerErrorException(String code, String message) {
        super(code + ": " + message, null, false, false);
        this.code = code;
    }

    /** The stable machine-readable code. */
    public String code() {
        return code;
    }
}
