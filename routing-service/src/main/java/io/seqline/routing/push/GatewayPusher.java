package io.seqline.routing.push;

import io.grpc.Deadline;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seqline.common.grpc.AdminKeyCredentials;
import io.seqline.common.grpc.DeliveryProperties;
import io.seqline.common.grpc.GrpcChannels;
import io.seqline.proto.v1.DeliveryGrpc;
import io.seqline.proto.v1.PushResult;
import io.seqline.routing.route.GatewayDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a {@link DeliveryPlan}: one {@code Delivery.Push} per gateway (to its delivery port, with the
 * delivery key), all gateways in parallel, and waits
 * for them. A gateway that is gone or fails is skipped with a warning: its clients reconnect elsewhere and
 * sync from history, so a lost push costs latency, never a message. A gateway that cannot be reached (refused,
 * or no answer within the deadline) is skipped at once for {@link #DOWN_FOR} instead of costing every batch
 * its deadline while its routes live on; its channel is closed, and its address is read from Redis again.
 */
@Component
public class GatewayPusher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayPusher.class);
    private static final long DEADLINE_MILLIS = 5_000;
    /** How long a gateway that could not be reached is skipped before a push tries it again. */
    static final Duration DOWN_FOR = Duration.ofSeconds(5);

    private final GatewayDirectory directory;
    private final GrpcChannels channels = new GrpcChannels();
    private final AdminKeyCredentials credentials;
    private final Counter pushed;
    private final Counter failed;
    private final Counter unrouted;
    private final Counter framesDelivered;
    private final Counter framesMissing;
    private final Counter skippedDown;
    private final Clock clock;
    /** Gateway addresses that could not be reached, with when they may be tried again (epoch millis). */
    private final ConcurrentMap<String, Long> downUntil = new ConcurrentHashMap<>();

    public GatewayPusher(GatewayDirectory directory, DeliveryProperties delivery, MeterRegistry meters, Clock clock) {
        this.directory = directory;
        this.clock = clock;
        this.credentials = new AdminKeyCredentials(delivery.key()); // the delivery key, not the admin key
        this.pushed = pushes(meters, "ok");
        this.failed = pushes(meters, "failed");
        this.unrouted = pushes(meters, "no_gateway");
        this.skippedDown = pushes(meters, "gateway_down");
        this.framesDelivered = frames(meters, "delivered");
        this.framesMissing = frames(meters, "missing");
    }

    private static Counter pushes(MeterRegistry meters, String outcome) {
        return Counter.builder("seqline.routing.pushes").tag("outcome", outcome)
                .description("Delivery.Push batches to gateways: ok, failed (push failures), no_gateway (no live "
                        + "address), gateway_down (skipped: the gateway could not be reached just before)")
                .register(meters);
    }

    private static Counter frames(MeterRegistry meters, String outcome) {
        return Counter.builder("seqline.routing.pushed.frames").tag("outcome", outcome)
                .description("Frames written to sockets by the gateways (delivered) or whose device was gone (missing)")
                .register(meters);
    }

    public void push(DeliveryPlan plan) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (Map.Entry<String, io.seqline.proto.v1.PushBatch.Builder> entry : plan.byGateway().entrySet()) {
            String gatewayId = entry.getKey();
            Optional<String> address = directory.address(gatewayId);
            if (address.isEmpty()) {
                log.warn("gateway {} has no live address; {} frames left to client sync", gatewayId,
                        entry.getValue().getItemsCount());
                unrouted.increment();
                continue;
            }
            Long until = downUntil.get(address.get());
            if (until != null && clock.millis() < until) {
                log.debug("gateway {} at {} was unreachable just now; {} frames left to client sync", gatewayId,
                        address.get(), entry.getValue().getItemsCount());
                skippedDown.increment();
                continue;
            }
            calls.add(call(gatewayId, address.get(), entry.getValue().build()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    private CompletableFuture<Void> call(String gatewayId, String address, io.seqline.proto.v1.PushBatch batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        DeliveryGrpc.newStub(channels.get(address))
                .withCallCredentials(credentials)
                .withDeadline(Deadline.after(DEADLINE_MILLIS, TimeUnit.MILLISECONDS))
                .push(batch, new io.grpc.stub.StreamObserver<PushResult>() {
                    @Override
                    public void onNext(PushResult result) {
                        framesDelivered.increment(result.getDelivered());
                        framesMissing.increment(result.getMissingCount());
                    }

                    @Override
                    public void onError(Throwable error) {
                        log.warn("push to gateway {} at {} failed: {}", gatewayId, address, error.toString());
                        failed.increment();
                        Status.Code code = Status.fromThrowable(error).getCode();
                        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                            downUntil.put(address, clock.millis() + DOWN_FOR.toMillis());
                            channels.evict(address);
                            directory.forget(gatewayId);
                        }
                        done.complete(null);
                    }

                    @Override
                    public void onCompleted() {
                        downUntil.remove(address);
                        pushed.increment();
                        done.complete(null);
                    }
                });
        return done;
    }

    @Override
    public void close() {
        channels.close();
    }
}
