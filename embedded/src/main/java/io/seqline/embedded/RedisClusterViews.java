package io.seqline.embedded;

import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.seqline.embedded.EmbeddedRedisCluster.Member;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the running nodes of an {@link EmbeddedRedisCluster} say about it, from their {@code CLUSTER NODES}. */
final class RedisClusterViews {

    private final RedisClusterAdmin admin;

    RedisClusterViews(RedisClusterAdmin admin) {
        this.admin = admin;
    }

    /** The id of the node with the newest claim (highest config epoch) on {@code slot} that any of {@code running} knows. */
    Optional<String> owner(List<Member> running, int slot) {
        RedisClusterNode owner = null;
        for (Member member : running) {
            try {
                for (RedisClusterNode node : admin.view(member.port())) {
                    if (node.hasSlot(slot) && (owner == null || node.getConfigEpoch() > owner.getConfigEpoch())) {
                        owner = node;
                    }
                }
            } catch (RuntimeException e) {
                // a node that does not answer has no say
            }
        }
        return Optional.ofNullable(owner).map(RedisClusterNode::getNodeId);
    }

    /** The slots that the node on {@code port} owns by its own account. */
    List<Integer> ownSlots(int port) {
        return admin.view(port).getPartitions().stream().filter(node -> node.is(NodeFlag.MYSELF)).findFirst()
                .map(RedisClusterNode::getSlots).orElse(List.of());
    }

    /**
     * The id of the one master other than {@code oldId} that every running node reaches and sees owning all of
     * {@code slots}, provided every running node says {@code cluster_state:ok}; empty until then.
     */
    Optional<String> newOwner(String oldId, List<Integer> slots, List<Member> running) {
        Set<String> owners = new HashSet<>();
        for (Member member : running) {
            Optional<RedisClusterNode> owner = admin.view(member.port()).getPartitions().stream()
                    .filter(node -> !node.getNodeId().equals(oldId) && isMaster(node) && healthy(node))
                    .filter(node -> slots.stream().allMatch(node::hasSlot)).findFirst();
            if (owner.isEmpty() || !admin.stateOk(member.port())) {
                return Optional.empty();
            }
            owners.add(owner.get().getNodeId());
        }
        return owners.size() == 1 ? owners.stream().findFirst() : Optional.empty();
    }

    /**
     * Whether {@code member} is back in the cluster: every running node reaches it and sees it owning slots as
     * a master or following a master as a replica, it says {@code cluster_state:ok}, and as a replica its
     * replication link is up.
     */
    boolean rejoined(Member member, List<Member> running) {
        boolean replica = false;
        for (Member other : running) {
            RedisClusterNode seen = find(admin.view(other.port()), member.id()).orElse(null);
            if (seen == null || !healthy(seen)
                    || !(isMaster(seen) && !seen.hasNoSlots() || isReplica(seen) && seen.getSlaveOf() != null)) {
                return false;
            }
            replica |= isReplica(seen);
        }
        return admin.stateOk(member.port()) && (!replica || admin.replicationUp(member.port()));
    }

    static Optional<RedisClusterNode> find(Partitions view, String nodeId) {
        return view.getPartitions().stream().filter(node -> node.getNodeId().equals(nodeId)).findFirst();
    }

    /** Known, reachable and not suspected of failure by the node whose view it comes from. */
    static boolean healthy(RedisClusterNode node) {
        return node.isConnected() && !node.is(NodeFlag.FAIL) && !node.is(NodeFlag.EVENTUAL_FAIL)
                && !node.is(NodeFlag.HANDSHAKE) && !node.is(NodeFlag.NOADDR);
    }

    static boolean isMaster(RedisClusterNode node) {
        return node.is(NodeFlag.MASTER) || node.is(NodeFlag.UPSTREAM);
    }

    static boolean isReplica(RedisClusterNode node) {
        return node.is(NodeFlag.REPLICA) || node.is(NodeFlag.SLAVE);
    }
}
