package io.seqline.standalone;

/**
 * {@link ClusterTest}'s one shared cluster, for test classes in sub-packages (e.g. observability): they
 * extend this class and so use the same cluster and infrastructure instead of starting a second one.
 */
public abstract class SharedClusterTest extends ClusterTest {

    protected static SeqlineCluster sharedCluster() {
        return cluster;
    }

    protected static String sharedAdminKey() {
        return ADMIN_KEY;
    }

    protected static String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** The spans the cluster's services have exported over OTLP so far. */
    protected static java.util.List<io.seqline.testsupport.OtlpReceiverExtension.ReceivedSpan> exportedSpans() {
        return otlp.spans();
    }

    protected static String user(String name) {
        return ClusterTest.user(name);
    }

    /** A JSON-codec test client on gateway {@code gateway}, logged in as {@code user}. */
    protected static AutoCloseableClient connectClient(int gateway, String user) throws Exception {
        WsTestClient client = connect(gateway, user);
        return new AutoCloseableClient(client);
    }

    /** The test client, for sub-packages. */
    public static final class AutoCloseableClient implements AutoCloseable {
        private final WsTestClient client;

        AutoCloseableClient(WsTestClient client) {
            this.client = client;
        }

        public void sendText(String conversationId, long clientSeq, String text) {
            client.sendText(conversationId, clientSeq, text);
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
