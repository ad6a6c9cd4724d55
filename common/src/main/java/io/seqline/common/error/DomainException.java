package io.seqline.common.error;

/**
 * A refusal that the caller caused and can understand: bad input, a missing thing, a forbidden act.
 * Mapped to a gRPC status in {@code GrpcErrorMapper} and to a client {@code error} frame by the gateway;
 * never logged at ERROR.
 */
public class DomainException extends RuntimeException {

    /** What kind of refusal, which decides the gRPC status and the client error code. */
    public enum Kind {
        INVALID, NOT_FOUND, FORBIDDEN, UNAUTHENTICATED, CONFLICT, UNAVAILABLE
    }

    private final Kind kind;

    public DomainException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static DomainException invalid(String message) {
        return new DomainException(Kind.INVALID, message);
    }

    public static DomainException notFound(String message) {
        return new DomainException(Kind.NOT_FOUND, message);
    }

    public static DomainException forbidden(String message) {
        return new DomainException(Kind.FORBIDDEN, message);
    }
}
