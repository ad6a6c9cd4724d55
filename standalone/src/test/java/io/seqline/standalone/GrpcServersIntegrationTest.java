package io.seqline.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gRPC servers as Spring gRPC runs them: per-service health, reflection on the public ports only. */
class GrpcServersIntegrationTest extends ClusterTest {

    @Test
    void everyServerReportsItsServicesAsServing() {
        assertServing(cluster.gatewayGrpcPort(0), "seqline.v1.Messaging");
        assertServing(cluster.historyGrpcPort(), "seqline.v1.History");
        assertServing(cluster.sequenceGrpcPort(), "seqline.v1.Sequence");
        assertServing(cluster.gatewayDeliveryPort(0), "seqline.v1.Delivery");
    }

    @Test
    void publicPortsDescribeThemselvesButTheDeliveryPortDoesNot() throws Exception {
        assertThat(listServices(cluster.gatewayGrpcPort(0))).contains("seqline.v1.Messaging", "grpc.health.v1.Health")
                .doesNotContain("seqline.v1.Delivery");
        assertThat(listServices(cluster.historyGrpcPort())).contains("seqline.v1.History");
        assertThatThrownBy(() -> listServices(cluster.gatewayDeliveryPort(0)))
                .hasRootCauseInstanceOf(StatusRuntimeException.class)
                .rootCause().satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
                        .isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    private static void assertServing(int port, String service) {
        ManagedChannel channel = channel(port);
        try {
            var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
                    .isEqualTo(ServingStatus.SERVING);
            assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
        } finally {
            channel.shutdownNow();
        }
    }

    private static List<String> listServices(int port) throws Exception {
        ManagedChannel channel = channel(port);
        try {
            CompletableFuture<List<String>> services = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse response) {
                            services.complete(response.getListServicesResponse().getServiceList().stream()
                                    .map(ServiceResponse::getName).toList());
                        }

                        @Override
                        public void onError(Throwable error) {
                            services.completeExceptionally(error);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
            requests.onCompleted();
            return services.get(10, TimeUnit.SECONDS);
        } finally {
            channel.shutdownNow();
        }
    }
}
