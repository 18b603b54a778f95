package im.messaging.inbound;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import im.messaging.config.MessagingProperties;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds a frame's recipient in the known-users projection. That projection trails user-service by the Kafka hop,
 * so a user registered a moment ago may not be there yet: the lookup is repeated every 100 ms for up to
 * {@code im.messaging.recipient-wait} (300 ms) before the recipient counts as unknown.
 *
 * <p>The wait runs on the inbound listener thread, so it holds up every conversation on that thread's partitions.
 * A recipient still unknown after the wait is therefore remembered ({@value #UNKNOWN_MAX_ENTRIES} ids at most, for
 * {@link #UNKNOWN_TTL}): further frames to it within that time are refused at once, without waiting or querying.
 * A user registered just then is refused for at most that long.
 */
@Component
public class RecipientResolver {

    /** How many recipients found unknown are remembered. */
    static final int UNKNOWN_MAX_ENTRIES = 10_000;
    /** How long a recipient found unknown is remembered. */
    static final Duration UNKNOWN_TTL = Duration.ofSeconds(5);

    private static final long RETRY_INTERVAL_MS = 100;

    private final KnownUsersRepository users;
    private final MessagingProperties properties;
    private final Cache<String, Boolean> unknown;

    @Autowired
    public RecipientResolver(KnownUsersRepository users, MessagingProperties properties) {
        this(users, properties, Ticker.systemTicker());
    }

    RecipientResolver(KnownUsersRepository users, MessagingProperties properties, Ticker ticker) {
        this.users = users;
        this.properties = properties;
        this.unknown = Caffeine.newBuilder()
                .maximumSize(UNKNOWN_MAX_ENTRIES)
                .expireAfterWrite(UNKNOWN_TTL)
                .ticker(ticker)
                .build();
    }

    public Optional<KnownUser> resolve(String uuid) {
        if (unknown.getIfPresent(uuid) != null) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + properties.recipientWait().toNanos();
        while (true) {
            Optional<KnownUser> user = users.findByUuid(uuid);
            if (user.isPresent()) {
                return user;
            }
            if (System.nanoTime() >= deadline) {
                unknown.put(uuid, Boolean.TRUE);
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
