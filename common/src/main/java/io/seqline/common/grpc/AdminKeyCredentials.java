package io.seqline.common.grpc;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/**
 * Client side of {@link AdminKeyInterceptor}: adds {@code authorization: Bearer <key>} to every call (the
 * admin key for the public APIs, the delivery key for {@code Delivery}).
 */
public final class AdminKeyCredentials extends CallCredentials {

    private final String adminKey;

    public AdminKeyCredentials(String adminKey) {
        this.adminKey = adminKey;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AdminKeyInterceptor.AUTHORIZATION, "Bearer " + adminKey);
        applier.apply(headers);
    }
}
