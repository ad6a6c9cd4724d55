package io.seqline.drills;

import io.seqline.standalone.ClusterSettings;
import io.seqline.testsupport.KafkaClusterExtension;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A drill on three Kafka nodes of its own (one JVM, KRaft), every topic created with three copies and
 * {@code min.insync.replicas} 2, as in production.
 */
abstract class ThreeBrokerDrillTest extends DrillTest {

    @RegisterExtension
    static final KafkaClusterExtension kafkaCluster = new KafkaClusterExtension();

    @Override
    String kafkaBootstrapServers() {
        return kafkaCluster.bootstrapServers();
    }

    @Override
    ClusterSettings clusterSettings() {
        return super.clusterSettings().with(Map.of("seqline.topics.replication", 3));
    }
}
