package io.seqline.standalone.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seqline.common.grpc.AdminKeyCredentials;
import io.seqline.proto.v1.Content;
import io.seqline.proto.v1.MessagingGrpc;
import io.seqline.proto.v1.SendMessageRequest;
import io.seqline.standalone.SharedClusterTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every service of a running cluster serves its management endpoints: liveness and readiness health groups
 * of the instance's own state, the full health with Kafka, Redis and PostgreSQL, and
 * {@code /actuator/prometheus} with the pipeline's metrics (messages per stage, seq allocation latency,
 * end-to-end latency histogram, Kafka consumer lag, open connections, push failures, rejections by reason).
 */
class ObservabilityIntegrationTest extends SharedClusterTest {

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static ManagedChannel gatewayChannel;

    @BeforeAll
    static void sendOneMessage() {
        gatewayChannel = NettyChannelBuilder.forAddress("127.0.0.1", sharedCluster().gatewayGrpcPort(0)).usePlaintext().build();
        String a = "obs-a-" + UUID.randomUUID().toString().substring(0, 8);
        MessagingGrpc.newBlockingStub(gatewayChannel).withCallCredentials(new AdminKeyCredentials(sharedAdminKey()))
                .sendMessage(SendMessageRequest.newBuilder().setConversationId("p:" + a + ":obs-z")
                        .setSenderId(a).setIdempotencyKey(UUID.randomUUID().toString())
                        .setContent(Content.newBuilder().setText("metrics, please")).build());
    }

    @AfterAll
    static void closeChannel() {
        gatewayChannel.shutdownNow();
    }

    @Test
    void everyServiceIsLiveAndReadyOnItsOwnStateAndReportsItsDependencies() throws Exception {
        for (var service : sharedCluster().managementPorts().entrySet()) {
            HttpResponse<String> liveness = get(service.getValue(), "/actuator/health/liveness");
            assertThat(liveness.statusCode()).as(service.getKey()).isEqualTo(200);
            assertThat(liveness.body()).contains("\"UP\"");
            HttpResponse<String> readiness = get(service.getValue(), "/actuator/health/readiness");
            assertThat(readiness.statusCode()).as(service.getKey() + " " + readiness.body()).isEqualTo(200);
            // readiness is the instance's own state: a Kafka, Redis or database blip must not take every replica
            // out of its Service at once; the dependencies are reported by the full health endpoint instead
            assertThat(readiness.body()).contains("\"readinessState\"").doesNotContain("\"kafka\"", "\"redis\"", "\"db\"");
            // the dependencies are components of the full health, each asked on its own (with its own timeout
            // on the server), so that a slow one is named
            java.util.List<String> dependencies = new java.util.ArrayList<>(java.util.List.of("kafka"));
            if (service.getKey().equals("history") || service.getKey().equals("sequence")) {
                dependencies.add("db");
            }
            if (!service.getKey().equals("history")) {
                dependencies.add("redis");
            }
            for (String dependency : dependencies) {
                HttpResponse<String> component = componentHealth(service.getKey(), service.getValue(), dependency);
                assertThat(component.statusCode()).as("%s %s: %s", service.getKey(), dependency, component.body())
                        .isEqualTo(200);
                assertThat(component.body()).as(service.getKey() + " " + dependency).contains("\"UP\"");
            }
        }
    }

    /**
     * One dependency's health component. Each check has its own 3 s timeout on the server, so an answer that
     * takes 30 s means the endpoint itself was stuck (on this 2-core machine: starved by the other tests'
     * processes): the threads of this JVM are printed so that the cause is in the log, and the request is
     * made again, at most three times in all.
     */
    private static HttpResponse<String> componentHealth(String service, int port, String dependency) throws Exception {
        String path = "/actuator/health/" + dependency;
        for (int attempt = 1; ; attempt++) {
            long t0 = System.nanoTime();
            try {
                return get(port, path, Duration.ofSeconds(30));
            } catch (java.net.http.HttpTimeoutException e) {
                System.out.println(service + ": " + path + " did not answer in 30 s (attempt " + attempt + "); threads:\n"
                        + threadDump());
                if (attempt == 3) {
                    throw new AssertionError(service + ": " + path + " did not answer in 3 attempts of 30 s", e);
                }
            } finally {
                long millis = (System.nanoTime() - t0) / 1_000_000;
                if (millis > 5_000) {
                    System.out.printf("%s: %s took %d ms%n", service, path, millis);
                }
            }
        }
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (int i = 0; i < Math.min(stack.length, 12); i++) {
                dump.append("    at ").append(stack[i]).append('\n');
            }
        });
        return dump.toString();
    }

    @Test
    void gatewayExposesOpenConnectionsAndPublishedSends() throws Exception {
        String gateway = awaitScrape("gateway-1", "seqline_gateway_published_total\\{[^}]*outcome=\"ok\"[^}]*topic=\"im.inbound\"");
        assertThat(gateway).contains("seqline_gateway_connections{", "seqline_gateway_rejections_total{", "jvm_memory_used_bytes",
                "application=\"gateway-service\"");
    }

    @Test
    void sequencerExposesOutcomesRejectionsByReasonAndSeqAllocationLatency() throws Exception {
        String sequence = awaitScrape("sequence", "seqline_sequencer_sends_total\\{[^}]*outcome=\"accepted\"");
        assertThat(sequence).contains("seqline_sequencer_batch_seconds_bucket{", "seqline_sequencer_batch_seconds_count{");
        for (String reason : new String[] {"OUT_OF_ORDER", "NOT_MEMBER", "INVALID"}) {
            assertThat(sequence).containsPattern("seqline_sequencer_sends_total\\{[^}]*outcome=\"rejected\",reason=\"" + reason + "\"");
        }
        assertThat(sequence).contains("kafka_consumer_fetch_manager_records_lag_max{");
    }

    @Test
    void routingExposesEndToEndLatencyHistogramAndPushOutcomes() throws Exception {
        String routing = awaitScrape("routing", "seqline_routing_delivery_latency_seconds_count\\{");
        assertThat(routing).contains("seqline_routing_delivery_latency_seconds_bucket{", "seqline_routing_messages_total{",
                "kafka_consumer_fetch_manager_records_lag_max{");
        assertThat(routing).containsPattern("seqline_routing_pushes_total\\{[^}]*outcome=\"failed\"");
        assertThat(routing).containsPattern("seqline_routing_pushes_total\\{[^}]*outcome=\"ok\"");
    }

    @Test
    void historyExposesStoredMessagesAndConsumerLag() throws Exception {
        String history = awaitScrape("history", "seqline_history_stored_total\\{");
        assertThat(history).contains("seqline_history_batch_seconds_bucket{", "kafka_consumer_fetch_manager_records_lag_max{");
    }

    /** Scrapes until {@code counterPattern} shows a value above zero (the message has passed that stage). */
    private static String awaitScrape(String service, String counterPattern) {
        int port = sharedCluster().managementPorts().get(service);
        Pattern positive = Pattern.compile(counterPattern + "[^}]*\\} ([0-9.eE+]+)");
        String[] last = {""};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> response = get(port, "/actuator/prometheus");
            assertThat(response.statusCode()).isEqualTo(200);
            last[0] = response.body();
            Matcher m = positive.matcher(last[0]);
            while (m.find()) {
                if (Double.parseDouble(m.group(1)) > 0) {
                    return true;
                }
            }
            return false;
        });
        return last[0];
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return get(port, path, Duration.ofSeconds(10));
    }

    private static HttpResponse<String> get(int port, String path, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }
}
