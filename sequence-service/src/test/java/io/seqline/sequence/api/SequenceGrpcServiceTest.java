package io.seqline.sequence.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.seqline.common.grpc.GrpcErrorMapper;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.proto.v1.GetMaxSeqRequest;
import io.seqline.proto.v1.SequenceGrpc;
import io.seqline.testsupport.RedisExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;

/**
 * {@code Sequence.GetMaxSeq} over gRPC in process on real Redis, behind the one error mapping: the last seq
 * issued per conversation (the sequencer's {@code cur}), none for a conversation without one, and too many
 * or malformed ids refused as INVALID_ARGUMENT.
 */
class SequenceGrpcServiceTest {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    static SharedRedis connection;
    static Server server;
    static ManagedChannel channel;
    static SequenceGrpc.SequenceBlockingStub sequence;

    @BeforeAll
    static void start() throws Exception {
        connection = SharedRedis.connect(redis.url());
        String name = "sequence-" + UUID.randomUUID();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(new SequenceGrpcService(connection),
                        new GrpcExceptionHandlerInterceptor(new GrpcErrorMapper())))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        sequence = SequenceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        connection.close();
    }

    private static void assertInvalid(GetMaxSeqRequest request, String description) {
        assertThatThrownBy(() -> sequence.getMaxSeq(request)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(description);
        });
    }

    @Test
    void eachConversationHasTheLastSeqIssuedAndOneWithoutSeqsIsLeftOut() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String busy = "g:busy-" + run;
        String quiet = "g:quiet-" + run;
        connection.sync().hset(RedisKeys.seq(busy), Map.of("cur", "42", "ceil", "1000"));

        Map<String, Long> maxSeqs = sequence.getMaxSeq(GetMaxSeqRequest.newBuilder().addConversationIds(busy)
                .addConversationIds(quiet).build()).getMaxSeqsMap();

        assertThat(maxSeqs).containsExactly(Map.entry(busy, 42L));
    }

    @Test
    void tooManyOrMalformedIdsAreInvalidArguments() {
        List<String> many = IntStream.rangeClosed(1, 1001).mapToObj(i -> "g:c" + i).toList();
        assertInvalid(GetMaxSeqRequest.newBuilder().addAllConversationIds(many).build(), "1001 (expected: <= 1000)");
        assertInvalid(GetMaxSeqRequest.newBuilder().addConversationIds("g:ok").addConversationIds("p:bob:alice").build(),
                "a < b");
    }
}
