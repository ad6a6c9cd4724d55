package io.seqline.common.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.seqline.common.error.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * The one place where exceptions become gRPC statuses, as Spring gRPC's exception handler (its
 * exception-handling interceptor calls it for whatever a service throws). Domain refusals keep their
 * message; anything else becomes INTERNAL with no internals in the description, and is logged once here.
 */
public final class GrpcErrorMapper implements GrpcExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GrpcErrorMapper.class);

    /** The status for any failure, for handlers that complete asynchronously. */
    public static Status toStatus(Throwable error) {
        if (error instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (error instanceof StatusException se) {
            return se.getStatus();
        }
        if (error instanceof DomainException de) {
            Status status = switch (de.kind()) {
                case INVALID -> Status.INVALID_ARGUMENT;
                case NOT_FOUND -> Status.NOT_FOUND;
                case FORBIDDEN -> Status.PERMISSION_DENIED;
                case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
                case CONFLICT -> Status.ALREADY_EXISTS;
                case UNAVAILABLE -> Status.UNAVAILABLE;
            };
            return status.withDescription(de.getMessage());
        }
        if (error.getCause() != null && error.getCause() != error
                && (error instanceof java.util.concurrent.CompletionException
                || error instanceof java.util.concurrent.ExecutionException)) {
            return toStatus(error.getCause());
        }
        log.error("gRPC call failed", error);
        return Status.INTERNAL.withDescription("internal error");
    }

    /** Spring gRPC calls this for every exception a service throws (its exception-handling interceptor). */
    @Override
    public StatusException handleException(Throwable exception) {
        return toStatus(exception).asException();
    }
}
