package im.gateway.ws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The open sockets of this gateway: by user uuid (every device of a user receives; a second connection does not
 * replace the first) and by connection id (for frames addressed to one socket). Entries are removed by connection,
 * never by user, so one device disconnecting never silences another.
 */
@Component
public class SessionRegistry {

    private final Map<String, Set<SocketConnection>> byUser = new ConcurrentHashMap<>();
    private final Map<String, SocketConnection> byConnection = new ConcurrentHashMap<>();

    public void register(SocketConnection connection) {
        register(connection, Integer.MAX_VALUE);
    }

    /**
     * Registers {@code connection} unless its user already has {@code maxPerUser} open sockets here (checked and
     * added atomically, so concurrent handshakes cannot exceed the limit).
     *
     * @return whether it was registered
     */
    public boolean register(SocketConnection connection, int maxPerUser) {
        boolean[] added = {false};
        byUser.compute(connection.userUuid(), (user, sockets) -> {
            Set<SocketConnection> set = sockets == null ? ConcurrentHashMap.newKeySet() : sockets;
            if (set.size() < maxPerUser) {
                added[0] = set.add(connection);
            }
            return set.isEmpty() ? null : set;
        });
        if (added[0]) {
            byConnection.put(connection.connectionId(), connection);
        }
        return added[0];
    }

    /** How many sockets {@code userUuid} has open on this gateway. */
    public int openSockets(String userUuid) {
        Set<SocketConnection> sockets = byUser.get(userUuid);
        return sockets == null ? 0 : sockets.size();
    }

    public void unregister(SocketConnection connection) {
        byConnection.remove(connection.connectionId(), connection);
        byUser.computeIfPresent(connection.userUuid(), (user, sockets) -> {
            sockets.remove(connection);
            return sockets.isEmpty() ? null : sockets;
        });
    }

    public List<SocketConnection> ofUser(String userUuid) {
        Set<SocketConnection> sockets = byUser.get(userUuid);
        return sockets == null ? List.of() : List.copyOf(sockets);
    }

    public Optional<SocketConnection> connection(String connectionId) {
        return Optional.ofNullable(byConnection.get(connectionId));
    }

    public int openSockets() {
        return byConnection.size();
    }
}
