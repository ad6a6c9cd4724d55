package io.seqline.common.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Requires {@code authorization: Bearer <key>} on every call except the health and reflection services;
 * the key is compared in constant time. The public APIs require the admin key; the internal
 * {@code Delivery} API, on its own port, the delivery key.
 */
public final class AdminKeyInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> OPEN_SERVICES = Set.of(
            "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

    private final byte[] expected;
    private final String keyName;

    public AdminKeyInterceptor(String adminKey) {
        this(adminKey, "admin key");
    }

    /** @param keyName how refusals name the key, e.g. "delivery key" */
    public AdminKeyInterceptor(String key, String keyName) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException(keyName + ": must be at least 16 characters");
        }
        this.expected = ("Bearer " + key).getBytes(StandardCharsets.UTF_8);
        this.keyName = keyName;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String presented = headers.get(AUTHORIZATION);
        if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            call.close(Status.UNAUTHENTICATED.withDescription(
                    presented == null ? "missing authorization: Bearer <" + keyName + ">" : "invalid " + keyName), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
