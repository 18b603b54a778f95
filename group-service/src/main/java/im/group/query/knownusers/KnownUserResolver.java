package im.group.query.knownusers;

import im.group.config.GroupProperties;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds a user in the known-users projection. It trails user-service by the Kafka hop, so a user registered a
 * moment ago may not be there yet: the lookup is repeated every 50 ms for up to {@code im.group.user-wait}
 * (300 ms) before the user counts as unknown. A deleted account is unknown at once. It runs on a request's
 * (virtual) thread only.
 */
@Component
public class KnownUserResolver {

    private static final long RETRY_INTERVAL_MS = 50;

    private final KnownUsersRepository users;
    private final GroupProperties properties;

    public KnownUserResolver(KnownUsersRepository users, GroupProperties properties) {
        this.users = users;
        this.properties = properties;
    }

    /** Whether the account was deleted (its departure from its groups may still be under way). */
    public boolean isDeleted(String uuid) {
        return uuid != null && uuid.length() <= 100 && uuid.indexOf('\u0000') < 0 && users.isDeleted(uuid);
    }

    public Optional<KnownUser> resolve(String uuid) {
        if (uuid == null || uuid.isEmpty() || uuid.length() > 100 || uuid.indexOf('\u0000') >= 0) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + properties.userWait().toNanos();
        while (true) {
            Optional<KnownUser> user = users.findByUuid(uuid);
            if (user.isPresent() || System.nanoTime() >= deadline) {
                return user;
            }
            if (users.isDeleted(uuid)) {
                return Optional.empty();
            }
            try {
                Thread.sleep(RETRY_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
