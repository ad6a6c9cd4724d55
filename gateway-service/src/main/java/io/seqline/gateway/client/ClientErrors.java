package io.seqline.gateway.client;

import io.grpc.Status;
import io.seqline.common.error.DomainException;
import io.seqline.proto.v1.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become client {@code error} frames. Client mistakes and refusals keep
 * their message; anything unexpected becomes {@code INTERNAL} with no internals, logged once here.
 */
final class ClientErrors {

    private static final Logger log = LoggerFactory.getLogger(ClientErrors.class);

    private ClientErrors() {
    }

    static ServerFrame error(String requestId, String code, String message) {
        return ServerFrame.newBuilder().setRequestId(requestId)
                .setError(ServerFrame.Error.newBuilder().setCode(code).setMessage(message)).build();
    }

    static ServerFrame from(String requestId, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof DomainException e) {
            return error(requestId, switch (e.kind()) {
                case INVALID -> "INVALID";
                case NOT_FOUND -> "NOT_FOUND";
                case FORBIDDEN -> "FORBIDDEN";
                case UNAUTHENTICATED -> "UNAUTHENTICATED";
                case CONFLICT -> "CONFLICT";
                case UNAVAILABLE -> "UNAVAILABLE";
            }, e.getMessage());
        }
        if (cause instanceof io.grpc.StatusRuntimeException e) {
            Status status = e.getStatus();
            return switch (status.getCode()) {
                case INVALID_ARGUMENT -> error(requestId, "INVALID", String.valueOf(status.getDescription()));
                case NOT_FOUND -> error(requestId, "NOT_FOUND", String.valueOf(status.getDescription()));
                case PERMISSION_DENIED -> error(requestId, "FORBIDDEN", String.valueOf(status.getDescription()));
                case UNAVAILABLE, DEADLINE_EXCEEDED -> error(requestId, "UNAVAILABLE", "service unavailable, retry later");
                default -> internal(requestId, cause);
            };
        }
        return internal(requestId, cause);
    }

    private static ServerFrame internal(String requestId, Throwable cause) {
        log.error("client request {} failed", requestId, cause);
        return error(requestId, "INTERNAL", "internal error");
    }
}
