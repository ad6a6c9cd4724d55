package io.seqline.common.grpc;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.seqline.common.error.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become gRPC statuses. Domain refusals keep their message; anything
 * else becomes INTERNAL with no internals in the description, and is logged once here.
 */
public final class GrpcErrorMapper implements ServerInterceptor {

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

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        return new SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                guard(() -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                guard(super::onHalfClose);
            }

            private void guard(Runnable step) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    call.close(toStatus(e), new Metadata());
                }
            }
        };
    }
}
