package io.seqline.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.observation.ObservationRegistry;
import io.seqline.proto.v1.HistoryGrpc;
import io.seqline.proto.v1.MarkReadRequest;
import io.seqline.proto.v1.MarkReadResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A history Service in Kubernetes is headless: its name resolves to every replica. The services' channel to
 * history spreads calls over all the addresses it resolves ({@code round_robin}), instead of sending all of
 * them to the first one (gRPC's default, {@code pick_first}). Two real servers on loopback stand for two
 * replicas; a name resolver of this test's own scheme stands for the DNS answer.
 */
class HistoryChannelTest {

    private static final String SCHEME = "two-histories";

    private final AtomicInteger first = new AtomicInteger();
    private final AtomicInteger second = new AtomicInteger();
    private Server one;
    private Server two;
    private NameResolverProvider resolver;

    @Test
    void callsAreSpreadOverEveryAddressTheNameResolvesTo() throws Exception {
        one = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(counting(first)).build().start();
        two = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(counting(second)).build().start();
        resolver = new FixedAddresses(List.of(one.getListenSockets().get(0), two.getListenSockets().get(0)));
        NameResolverRegistry.getDefaultRegistry().register(resolver);

        try (HistoryChannel channel = new HistoryChannel(SCHEME + ":///history", "key", ObservationRegistry.NOOP)) {
            for (int i = 0; i < 20; i++) {
                channel.blocking().markRead(MarkReadRequest.getDefaultInstance());
            }
        }
        assertThat(first.get() + second.get()).isEqualTo(20);
        assertThat(first.get()).as("calls to the first replica").isPositive();
        assertThat(second.get()).as("calls to the second replica").isPositive();
    }

    @AfterEach
    void stop() {
        if (resolver != null) {
            NameResolverRegistry.getDefaultRegistry().deregister(resolver);
        }
        for (Server server : new Server[] {one, two}) {
            if (server != null) {
                server.shutdownNow();
            }
        }
    }

    private static HistoryGrpc.HistoryImplBase counting(AtomicInteger calls) {
        return new HistoryGrpc.HistoryImplBase() {
            @Override
            public void markRead(MarkReadRequest request, StreamObserver<MarkReadResponse> response) {
                calls.incrementAndGet();
                response.onNext(MarkReadResponse.getDefaultInstance());
                response.onCompleted();
            }
        };
    }

    /** Resolves this test's scheme to a fixed list of addresses, as DNS does a headless Service's name. */
    private static final class FixedAddresses extends NameResolverProvider {

        private final List<SocketAddress> addresses;

        FixedAddresses(List<SocketAddress> addresses) {
            this.addresses = addresses;
        }

        @Override
        public NameResolver newNameResolver(URI target, NameResolver.Args args) {
            if (!SCHEME.equals(target.getScheme())) {
                return null;
            }
            return new NameResolver() {
                @Override
                public String getServiceAuthority() {
                    return "history";
                }

                @Override
                public void start(Listener2 listener) {
                    listener.onResult(ResolutionResult.newBuilder().setAddresses(addresses.stream()
                            .map(EquivalentAddressGroup::new).toList()).build());
                }

                @Override
                public void shutdown() {
                }
            };
        }

        @Override
        protected boolean isAvailable() {
            return true;
        }

        @Override
        protected int priority() {
            return 4; // below dns (5): never the default scheme of other channels
        }

        @Override
        public String getDefaultScheme() {
            return SCHEME;
        }

        @Override
        public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
            return List.of(InetSocketAddress.class);
        }
    }
}
