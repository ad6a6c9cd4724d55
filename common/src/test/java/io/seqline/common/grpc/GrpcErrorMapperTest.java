package io.seqline.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.seqline.common.error.DomainException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The one mapping from failures to gRPC statuses: each kind of refusal has its code and keeps its message;
 * a refusal wrapped by a future is unwrapped; anything else is INTERNAL and tells the caller nothing inside.
 */
class GrpcErrorMapperTest {

    private static Status status(Throwable error) {
        return new GrpcErrorMapper().handleException(error).getStatus();
    }

    @Test
    void eachKindOfRefusalHasItsCodeAndKeepsItsMessage() {
        assertThat(status(DomainException.invalid("limit: 501 (expected: <= 500)")))
                .extracting(Status::getCode, Status::getDescription)
                .containsExactly(Status.Code.INVALID_ARGUMENT, "limit: 501 (expected: <= 500)");
        assertThat(status(DomainException.notFound("no group g:x")).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(status(DomainException.forbidden("not a member of g:x")).getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status(new DomainException(DomainException.Kind.UNAUTHENTICATED, "bad token")).getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status(new DomainException(DomainException.Kind.CONFLICT, "exists")).getCode())
                .isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(status(new DomainException(DomainException.Kind.UNAVAILABLE, "retry later")).getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aRefusalOrStatusFromAFutureIsUnwrapped() {
        assertThat(status(new CompletionException(DomainException.forbidden("not a member of g:x"))))
                .extracting(Status::getCode, Status::getDescription)
                .containsExactly(Status.Code.PERMISSION_DENIED, "not a member of g:x");
        assertThat(status(new ExecutionException(Status.DEADLINE_EXCEEDED.withDescription("slow").asRuntimeException())))
                .extracting(Status::getCode, Status::getDescription)
                .containsExactly(Status.Code.DEADLINE_EXCEEDED, "slow");
    }

    @Test
    void anythingElseIsInternalWithoutItsDetails() {
        Status status = status(new IllegalStateException("password=hunter2 at db-7"));

        assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getDescription()).isEqualTo("internal error");
        assertThat(status.getCause()).isNull();
    }
}
