package io.seqline.gateway.session;

import io.seqline.gateway.ws.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The sockets of this gateway by user and device. A device that connects again replaces its old socket. */
@Component
public class ConnectionRegistry {

    private final Map<String, Map<String, Connection>> byUser = new ConcurrentHashMap<>();

    /** Registers a socket and returns the one it replaces, if any. */
    public Connection add(Connection connection) {
        return byUser.computeIfAbsent(connection.userId(), u -> new ConcurrentHashMap<>())
                .put(connection.deviceId(), connection);
    }

    /** Removes the socket if it is still the current one for its device; true when it was. */
    public boolean remove(Connection connection) {
        boolean[] removed = {false};
        byUser.computeIfPresent(connection.userId(), (user, devices) -> {
            removed[0] = devices.remove(connection.deviceId(), connection);
            return devices.isEmpty() ? null : devices;
        });
        return removed[0];
    }

    public Connection get(String userId, String deviceId) {
        Map<String, Connection> devices = byUser.get(userId);
        return devices == null ? null : devices.get(deviceId);
    }

    /** Device ids of a user connected here. */
    public List<String> devices(String userId) {
        Map<String, Connection> devices = byUser.get(userId);
        return devices == null ? List.of() : new ArrayList<>(devices.keySet());
    }

    /** A snapshot of every socket, for route refreshes and shutdown. */
    public List<Connection> all() {
        List<Connection> all = new ArrayList<>();
        byUser.values().forEach(devices -> all.addAll(devices.values()));
        return all;
    }

    public int size() {
        int n = 0;
        for (Map<String, Connection> devices : byUser.values()) {
            n += devices.size();
        }
        return n;
    }
}
