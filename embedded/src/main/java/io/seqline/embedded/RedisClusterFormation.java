package io.seqline.embedded;

import static io.seqline.embedded.RedisClusterAdmin.await;
import static io.seqline.embedded.RedisClusterViews.find;
import static io.seqline.embedded.RedisClusterViews.healthy;
import static io.seqline.embedded.RedisClusterViews.isMaster;
import static io.seqline.embedded.RedisClusterViews.isReplica;

import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.seqline.embedded.EmbeddedRedisCluster.Member;
import java.time.Duration;
import java.util.List;

/**
 * Makes one cluster of fresh cluster-enabled nodes, as {@code redis-cli --cluster create} would: the first
 * {@code masters} nodes share the slots evenly, each of the others replicates one of them (masters in turn).
 */
final class RedisClusterFormation {

    private final RedisClusterAdmin admin;
    private final List<Member> members;
    private final int masters;

    RedisClusterFormation(RedisClusterAdmin admin, List<Member> members, int masters) {
        this.admin = admin;
        this.members = members;
        this.masters = masters;
    }

    /** Forms the cluster and returns once every node says {@code cluster_state:ok} and every replica is in sync. */
    void form(Duration timeout) {
        for (Member member : members) {
            if (admin.on(member.port(), RedisCommands::clusterNodes).lines().count() > 1) {
                throw new IllegalStateException(member.redis().url() + " already knows other nodes: its directory "
                        + "holds an earlier cluster's nodes.conf (start a cluster in a new or empty directory)");
            }
        }
        for (int i = 0; i < members.size(); i++) {
            long epoch = i + 1; // distinct epochs: no collision for the nodes to resolve among themselves
            admin.on(members.get(i).port(), r -> r.clusterSetConfigEpoch(epoch));
        }
        for (int i = 0; i < masters; i++) {
            Range<Integer> slots = Range.create(i * SlotHash.SLOT_COUNT / masters, (i + 1) * SlotHash.SLOT_COUNT / masters - 1);
            admin.on(members.get(i).port(), r -> r.clusterAddSlotsRange(slots));
        }
        Member first = members.get(0);
        for (Member other : members.subList(1, members.size())) {
            admin.meet(first.port(), other.port(), other.busPort());
        }
        await("every node to know every other", timeout,
                () -> members.stream().allMatch(member -> knowsEveryone(admin.view(member.port()))));
        for (int i = masters; i < members.size(); i++) {
            String masterId = masterOf(i).id();
            admin.on(members.get(i).port(), r -> r.clusterReplicate(masterId));
        }
        await("cluster_state:ok on every node and every replica in sync", timeout, this::formed);
    }

    /** The master that the member at {@code index}, a replica, follows. */
    private Member masterOf(int index) {
        return members.get((index - masters) % masters);
    }

    private boolean knowsEveryone(Partitions view) {
        return members.stream().allMatch(member -> find(view, member.id()).filter(RedisClusterViews::healthy).isPresent());
    }

    private boolean formed() {
        for (Member member : members) {
            if (!admin.stateOk(member.port()) || !seesTheCluster(admin.view(member.port()))) {
                return false;
            }
        }
        return members.subList(masters, members.size()).stream().allMatch(replica -> admin.replicationUp(replica.port()));
    }

    /** Whether {@code view} shows every master with slots and every replica following its master, all reachable. */
    private boolean seesTheCluster(Partitions view) {
        for (int i = 0; i < members.size(); i++) {
            RedisClusterNode node = find(view, members.get(i).id()).orElse(null);
            if (node == null || !healthy(node)) {
                return false;
            }
            boolean expected = i < masters ? isMaster(node) && !node.hasNoSlots()
                    : isReplica(node) && masterOf(i).id().equals(node.getSlaveOf());
            if (!expected) {
                return false;
            }
        }
        return true;
    }
}
