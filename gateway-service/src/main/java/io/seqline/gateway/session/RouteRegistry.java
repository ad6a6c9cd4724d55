package io.seqline.gateway.session;

import com.google.common.net.HostAndPort;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.seqline.common.redis.LuaScript;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import io.seqline.gateway.config.GatewayProperties;
import io.seqline.gateway.delivery.DeliveryServer;
import io.seqline.gateway.ws.Connection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps Redis pointing at this gateway: {@code im:route:{u}} device -> gateway id for every socket here,
 * and {@code im:gateway:{g}} -> this replica's delivery address (the internal gRPC port routing pushes to). Both are re-written every
 * {@code routeRefresh} with a TTL, so they come back by themselves after Redis lost them, and expire
 * after a crash. A route is deleted only if it still names this gateway (the device may have moved).
 */
@Component
public class RouteRegistry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RouteRegistry.class);
    private static final LuaScript DELETE_IF_OURS = LuaScript.fromClasspath(RouteRegistry.class, "delete-route.lua");

    private final SharedRedis redis;
    private final ConnectionRegistry connections;
    private final GatewayIdentity identity;
    private final GatewayProperties properties;
    private final DeliveryServer deliveryServer;
    private ScheduledExecutorService refresher;

    public RouteRegistry(SharedRedis redis, ConnectionRegistry connections,
                         GatewayIdentity identity, GatewayProperties properties, DeliveryServer deliveryServer) {
        this.redis = redis;
        this.connections = connections;
        this.identity = identity;
        this.properties = properties;
        this.deliveryServer = deliveryServer;
    }

    public void register(Connection connection) {
        writeRoute(redis.async(), connection.userId(), connection.deviceId());
    }

    public void unregister(Connection connection) {
        DELETE_IF_OURS.run(redis.async(), ScriptOutputType.INTEGER,
                        new String[] {RedisKeys.route(connection.userId())}, connection.deviceId(), identity.id())
                .exceptionally(e -> {
                    log.debug("route delete for {} failed (it expires): {}", connection, e.toString());
                    return null;
                });
    }

    /** Re-writes this gateway's address and every route, pipelined. */
    void refresh() {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        async.set(RedisKeys.gateway(identity.id()), deliveryAddress(properties.advertisedHost(), deliveryServer.port()),
                SetArgs.Builder.ex(properties.routeTtl().toSeconds()));
        for (Connection connection : connections.all()) {
            writeRoute(async, connection.userId(), connection.deviceId());
        }
    }

    /** {@code host:port} as gRPC targets want it: an IPv6 pod address in brackets ({@code [fd00::1]:9094}). */
    static String deliveryAddress(String host, int port) {
        return HostAndPort.fromParts(host, port).toString();
    }

    private void writeRoute(RedisClusterAsyncCommands<String, String> async, String userId, String deviceId) {
        String key = RedisKeys.route(userId);
        async.hset(key, deviceId, identity.id());
        async.expire(key, properties.routeTtl().toSeconds());
    }

    @Override
    public void start() {
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "route-refresh-" + identity.id());
            t.setDaemon(true);
            return t;
        });
        long period = properties.routeRefresh().toMillis();
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.warn("route refresh failed (retrying in {} ms): {}", period, e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        redis.async().del(RedisKeys.gateway(identity.id()));
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }

    /** After the delivery server (its port is advertised), before the client port opens. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 500;
    }
}
