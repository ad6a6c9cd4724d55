package io.seqline.embedded;

import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real Redis Cluster of local {@code redis-server} processes ({@link EmbeddedRedis}) on loopback, for tests
 * and failure drills, formed without {@code redis-cli}. Each node has its directory {@code dir/node-<n>} (its
 * {@code nodes.conf} and append-only file) and a free client port and cluster bus port (set with
 * {@code cluster-port}: the default, client port + 10000, may be taken or beyond 65535).
 *
 * <p>{@code cluster-node-timeout} is {@value #NODE_TIMEOUT_MILLIS} ms, so a killed master's replica takes over
 * within seconds, and {@code repl-diskless-sync-delay} is 0, so a replica (a restarted node too) syncs at once
 * rather than after Redis's default 5 s wait for more replicas. {@code cluster-require-full-coverage} keeps its default (yes): while a dead master's slots
 * have no live owner the whole cluster refuses commands, as a production cluster does, which is the outage a
 * failover drill measures. Callers connect with {@code spring.data.redis.cluster.nodes} = {@link #nodes()}
 * joined with commas.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    static final int NODE_TIMEOUT_MILLIS = 1500;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    /** A node: its address {@code 127.0.0.1:port}, cluster bus port, process and cluster node id. */
    record Member(String address, int busPort, EmbeddedRedis redis, String id) {
        int port() {
            return redis.port();
        }
    }

    private final List<Member> members;
    private final RedisClusterAdmin admin;
    private final RedisClusterViews views;
    private final Set<String> killed = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Integer>> slotsWhenKilled = new ConcurrentHashMap<>();

    private EmbeddedRedisCluster(List<Member> members, RedisClusterAdmin admin) {
        this.members = members;
        this.admin = admin;
        this.views = new RedisClusterViews(admin);
    }

    /**
     * Starts {@code masters * (1 + replicasPerMaster)} nodes in {@code dir} and forms a cluster of them: the
     * masters share the 16384 slots evenly, every master gets {@code replicasPerMaster} replicas. Returns once
     * every node says {@code cluster_state:ok} and every replica is in sync with its master. {@code dir} must not
     * hold an earlier cluster's nodes (a {@code redis-server} an earlier, killed JVM left running on it is stopped).
     */
    public static EmbeddedRedisCluster start(Path dir, int masters, int replicasPerMaster) {
        if (masters < 1 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("masters: " + masters + ", replicas per master: " + replicasPerMaster);
        }
        RedisClusterAdmin admin = new RedisClusterAdmin();
        List<Member> members = new ArrayList<>();
        EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(members, admin);
        try {
            Set<Integer> ports = new HashSet<>();
            for (int n = 1; n <= masters * (1 + replicasPerMaster); n++) {
                int port = freePort(ports);
                int busPort = freePort(ports);
                Path nodeDir = dir.resolve("node-" + n);
                EmbeddedRedis redis = EmbeddedRedis.start(nodeDir, port, true, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", nodeDir.toAbsolutePath().resolve("nodes.conf").toString(),
                        "--cluster-port", Integer.toString(busPort), "--cluster-announce-ip", "127.0.0.1",
                        "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                        "--repl-diskless-sync-delay", "0"));
                String id;
                try {
                    id = admin.on(port, RedisCommands::clusterMyId);
                } catch (RuntimeException e) {
                    redis.stop();
                    throw e;
                }
                members.add(new Member("127.0.0.1:" + port, busPort, redis, id));
            }
            new RedisClusterFormation(admin, members, masters).form(SETTLE);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Every node's address, {@code 127.0.0.1:port}: the masters it was formed with first, then the replicas. */
    public List<String> nodes() {
        return members.stream().map(Member::address).toList();
    }

    /**
     * The address of the node that owns {@code key}'s slot now, by the newest claim (highest config epoch) any
     * running node knows of. Right after a master is killed that is still the dead master, until its failover.
     */
    public String masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        return views.owner(running(), slot).map(id -> byId(id).address())
                .orElseThrow(() -> new IllegalStateException("no running node knows who owns slot " + slot));
    }

    /** Kills {@code node}'s process with SIGKILL, as a crash would: no save, no goodbye to the other nodes. */
    public void kill(String node) {
        Member member = member(node);
        if (killed.contains(node)) {
            return;
        }
        try {
            slotsWhenKilled.put(node, views.ownSlots(member.port()));
        } catch (RuntimeException e) {
            slotsWhenKilled.remove(node); // not answering: its slots are unknown
        }
        member.redis().stop();
        killed.add(node);
    }

    /**
     * Starts a killed {@code node} again on its port and directory, and waits until it has rejoined: every running
     * node reaches it, it serves slots as a master or, when its replica took over meanwhile, follows a master as a
     * replica with its replication link up, and it says {@code cluster_state:ok}.
     */
    public void restart(String node) {
        Member member = member(node);
        member.redis().start();
        killed.remove(node);
        RedisClusterAdmin.await(node + " to rejoin the cluster", SETTLE, () -> views.rejoined(member, running()));
    }

    /**
     * Waits until the slots that killed {@code oldMaster} owned are all owned by one other master that every running
     * node reaches and agrees on, and every running node says {@code cluster_state:ok}; returns that new master.
     *
     * <p>A failover needs the votes of a majority of the masters, so a cluster of fewer than three has none.
     *
     * @throws IllegalStateException when {@code oldMaster} was not a master when {@link #kill killed}, or on timeout
     */
    public String awaitFailover(String oldMaster, Duration timeout) {
        List<Integer> slots = slotsWhenKilled.getOrDefault(oldMaster, List.of());
        if (slots.isEmpty()) {
            throw new IllegalStateException(oldMaster + " owned no slots when it was killed");
        }
        String oldId = member(oldMaster).id();
        AtomicReference<String> promoted = new AtomicReference<>();
        RedisClusterAdmin.await("a replica to take over the slots of " + oldMaster, timeout,
                () -> views.newOwner(oldId, slots, running()).map(id -> {
                    promoted.set(id);
                    return true;
                }).orElse(false));
        return byId(promoted.get()).address();
    }

    /** The process id of {@code node}'s running {@code redis-server}. */
    long pid(String node) {
        return member(node).redis().pid();
    }

    /** Stops every node's process (SIGKILL); leaves their directories in {@code dir} as they are. */
    @Override
    public void close() {
        try {
            members.forEach(member -> member.redis().stop());
        } finally {
            admin.close();
        }
    }

    private List<Member> running() {
        return members.stream().filter(member -> !killed.contains(member.address())).toList();
    }

    private Member member(String address) {
        return members.stream().filter(member -> member.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a node of this cluster: " + address));
    }

    private Member byId(String nodeId) {
        return members.stream().filter(member -> nodeId.equals(member.id())).findFirst()
                .orElseThrow(() -> new IllegalStateException("not a node of this cluster: " + nodeId));
    }

    private static int freePort(Set<Integer> taken) {
        int port;
        do {
            port = FreePorts.pick();
        } while (!taken.add(port));
        return port;
    }
}
