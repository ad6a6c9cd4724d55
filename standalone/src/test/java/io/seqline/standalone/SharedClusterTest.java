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
}
