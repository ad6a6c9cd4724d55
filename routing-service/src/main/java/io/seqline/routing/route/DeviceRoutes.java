package io.seqline.routing.route;

import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Where each user's devices are connected: {@code im:route:{u}} (deviceId -> gatewayId), written by the
 * gateways. Looked up for many users in one pipeline.
 */
@Component
public class DeviceRoutes {

    private final SharedRedis redis;

    public DeviceRoutes(SharedRedis redis) {
        this.redis = redis;
    }

    /** user -> (device -> gateway); users with no connected device map to an empty map. */
    public Map<String, Map<String, String>> lookup(Collection<String> userIds) {
        List<String> users = List.copyOf(userIds);
        List<CompletableFuture<Map<String, String>>> replies = new ArrayList<>(users.size());
        for (String user : users) {
            replies.add(redis.async().hgetall(RedisKeys.route(user)).toCompletableFuture());
        }
        Map<String, Map<String, String>> routes = new HashMap<>(users.size() * 2);
        for (int i = 0; i < users.size(); i++) {
            routes.put(users.get(i), replies.get(i).join());
        }
        return routes;
    }
}
