package im.messaging.inbound;

import im.messaging.config.MessagingProperties;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds a frame's recipient in the known-users projection. That projection trails user-service by the Kafka hop,
 * so a user registered a moment ago may not be there yet: the lookup is repeated every 100 ms for up to
 * {@code im.messaging.recipient-wait} (2 s) before the recipient counts as unknown.
 */
@Component
public class RecipientResolver {

    private static final long RETRY_INTERVAL_MS = 100;

    private final KnownUsersRepository users;
    private final MessagingProperties properties;

    public RecipientResolver(KnownUsersRepository users, MessagingProperties properties) {
        this.users = users;
        this.properties = properties;
    }

    public Optional<KnownUser> resolve(String uuid) {
        long deadline = System.nanoTime() + properties.recipientWait().toNanos();
        while (true) {
            Optional<KnownUser> user = users.findByUuid(uuid);
            if (user.isPresent() || System.nanoTime() >= deadline) {
                return user;
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
