package io.seqline.drills;

import io.seqline.common.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * Three Kafka nodes, every topic with three copies and {@code min.insync.replicas} 2: the node leading the
 * most partitions of {@code im.inbound} and {@code im.messages} is stopped while traffic flows and started
 * again. Producers and consumers move to the new leaders; nothing acknowledged is lost or doubled.
 */
class KafkaLeaderKilledDrillTest extends ThreeBrokerDrillTest {

    @Test
    void theBrokerLeadingTheBusiestPartitionsStoppedMidStreamAndBack() {
        drill("kafka-leader-killed", () -> {
            int leader = busiestLeader();
            System.out.println("drill: kafka-leader-killed stops node " + leader);
            kafkaCluster.cluster().node(leader).stop();
            keepSendingFor(Duration.ofSeconds(3));
            kafkaCluster.cluster().node(leader).start();
        }, Duration.ofSeconds(8));
    }

    /** The node that leads the most partitions of the message path's two topics. */
    private static int busiestLeader() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafkaCluster.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.INBOUND, Topics.MESSAGES))
                    .allTopicNames().get();
            Map<Integer, Long> leaders = topics.values().stream().flatMap(t -> t.partitions().stream())
                    .collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()));
            return leaders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the leaders", e);
        }
    }
}
