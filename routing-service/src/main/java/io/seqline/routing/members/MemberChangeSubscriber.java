package io.seqline.routing.members;

import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.seqline.common.redis.RedisKeys;
import io.seqline.common.redis.SharedRedis;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on {@link RedisKeys#MEMBERS_CHANGED}, where the sequencer's Lua step announces each membership
 * change as it takes effect, and drops the group from {@link GroupMembers} on this instance. Pub/sub delivers
 * at most once: after a reconnect (announcements may have been missed meanwhile) the whole cache is dropped.
 */
@Component
class MemberChangeSubscriber implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MemberChangeSubscriber.class);

    private final SharedRedis redis;
    private final GroupMembers members;
    private StatefulRedisPubSubConnection<String, String> connection;

    MemberChangeSubscriber(SharedRedis redis, GroupMembers members) {
        this.redis = redis;
        this.members = members;
    }

    @Override
    public synchronized void start() {
        connection = redis.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String conversationId) {
                members.invalidate(conversationId);
            }
        });
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> handler, SocketAddress remote) {
                members.invalidateAll(); // announcements made while disconnected are lost
            }
        });
        connection.sync().subscribe(RedisKeys.MEMBERS_CHANGED);
        log.debug("subscribed to {}", RedisKeys.MEMBERS_CHANGED);
    }

    @Override
    public synchronized void stop() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return connection != null;
    }
}
