package io.seqline.gateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code seqline.gateway.*}.
 *
 * @param id                  unique per replica; empty = generated at start (use the pod name in Kubernetes)
 * @param clientPort          WebSocket + HTTP port for clients (0 = any free port)
 * @param advertisedHost      host under which routing reaches this replica's delivery port (the pod IP in Kubernetes)
 * @param historyAddress      history-service gRPC address, for {@code sync}
 * @param maxFrameBytes       largest client frame accepted
 * @param maxContentBytes     largest message content (text UTF-8 bytes or data payload)
 * @param outboundQueueFrames frames a socket may have unwritten before it is closed as too slow
 * @param idleTimeout         a socket silent for this long is closed (clients ping more often)
 * @param routeRefresh        how often routes and the gateway address are re-written to Redis
 * @param routeTtl            how long a route outlives its last refresh (a crashed gateway's routes expire)
 * @param devEndpoints        serve {@code GET /dev/token} (standalone and demos only, never in production)
 * @param recallWindow        how long senders may recall their own messages
 * @param limits              rate and connection limits
 * @param drainDeadline       on shutdown, how long clients get to reconnect elsewhere before their sockets close
 */
@Validated
@ConfigurationProperties("seqline.gateway")
public record GatewayProperties(
        @DefaultValue("") @Pattern(regexp = "[A-Za-z0-9_.-]{0,64}") String id,
        @DefaultValue("8080") @Min(0) @Max(65535) int clientPort,
        @DefaultValue("127.0.0.1") @NotBlank String advertisedHost,
        @DefaultValue("127.0.0.1:9091") @NotBlank String historyAddress,
        @DefaultValue("65536") @Min(1024) @Max(1048576) int maxFrameBytes,
        @DefaultValue("16384") @Min(64) @Max(1048576) int maxContentBytes,
        @DefaultValue("4096") @Min(16) @Max(1_000_000) int outboundQueueFrames,
        @DefaultValue("90s") Duration idleTimeout,
        @DefaultValue("10s") Duration routeRefresh,
        @DefaultValue("45s") Duration routeTtl,
        @DefaultValue("false") boolean devEndpoints,
        @DefaultValue("120s") Duration recallWindow,
        @DefaultValue @jakarta.validation.Valid Limits limits,
        @DefaultValue("10s") Duration drainDeadline) {

    /**
     * Abuse limits, enforced per gateway replica.
     *
     * @param framesPerSecond       frames one socket may send per second (sustained)
     * @param frameBurst            frames one socket may send at once
     * @param userSendsPerSecond    sends one user may make per second over all their sockets here
     * @param userSendBurst         sends one user may make at once
     * @param connectionsPerUser    sockets one user may hold on this replica
     */
    public record Limits(
            @DefaultValue("500") @Min(1) int framesPerSecond,
            @DefaultValue("2000") @Min(1) int frameBurst,
            @DefaultValue("1000") @Min(1) int userSendsPerSecond,
            @DefaultValue("4000") @Min(1) int userSendBurst,
            @DefaultValue("10") @Min(1) int connectionsPerUser) {
    }
}
