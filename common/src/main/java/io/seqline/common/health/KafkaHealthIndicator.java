package io.seqline.common.health;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * {@code kafka}: the cluster answers {@code DescribeCluster} within the timeout and has at least one broker.
 * One admin client, created on the first check from the service's own Kafka admin settings, is kept open.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final KafkaAdmin admin;
    private final Duration timeout;
    private volatile AdminClient client;

    public KafkaHealthIndicator(KafkaAdmin admin, Duration timeout) {
        super("Kafka health check failed");
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var cluster = client().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        Collection<Node> nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (nodes.isEmpty()) {
            builder.down().withDetail("clusterId", clusterId).withDetail("brokers", 0);
        } else {
            builder.up().withDetail("clusterId", clusterId).withDetail("brokers", nodes.size());
        }
    }

    private AdminClient client() {
        AdminClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    var config = new java.util.HashMap<>(admin.getConfigurationProperties());
                    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "health-" + java.util.UUID.randomUUID());
                    config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                    c = AdminClient.create(config);
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public void destroy() {
        AdminClient c = client;
        if (c != null) {
            c.close(Duration.ofSeconds(2));
        }
    }
}
