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
        byConnection.put(connection.connectionId(), connection);
        byUser.compute(connection.userUuid(), (user, sockets) -> {
            Set<SocketConnection> set = sockets == null ? ConcurrentHashMap.newKeySet() : sockets;
            set.add(connection);
            return set;
        });
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
