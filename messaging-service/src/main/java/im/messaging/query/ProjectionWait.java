package im.messaging.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import im.messaging.api.ConversationIds;
import im.messaging.config.MessagingProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lookups in the projections of other contexts (known users, contacts, groups), which trail their source by the
 * Kafka hop: a user registered, a contact added or a group joined a moment ago may not be there yet. A lookup that
 * finds nothing is repeated every 100 ms for up to {@code im.messaging.recipient-wait} (300 ms) before the answer
 * counts as negative.
 *
 * <p>The wait holds up the caller (the inbound listener thread, and with it every conversation of its partitions),
 * so a negative answer is remembered ({@value #NEGATIVE_MAX_ENTRIES} keys at most, for {@link #NEGATIVE_TTL}):
 * asking again within that time answers at once, without waiting or querying. The projections call
 * {@link #changedAfterCommit} for every key an applied event may turn positive, so a user who just registered,
 * joined or became a contact is never refused from that memory. A lookup that raced with such a change does not
 * remember its negative answer (a per-key-stripe change counter is compared before and after).
 */
@Component
public class ProjectionWait {

    /** How many negative answers are remembered. */
    static final int NEGATIVE_MAX_ENTRIES = 10_000;
    /** How long a negative answer is remembered. */
    static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);

    private static final long RETRY_INTERVAL_MS = 100;
    private static final int STRIPES = 1024;

    private final Duration wait;
    private final Cache<String, Boolean> negative;
    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);

    @Autowired
    public ProjectionWait(MessagingProperties properties) {
        this(properties.recipientWait(), Ticker.systemTicker());
    }

    public ProjectionWait(Duration wait, Ticker ticker) {
        this.wait = wait;
        this.negative = Caffeine.newBuilder()
                .maximumSize(NEGATIVE_MAX_ENTRIES)
                .expireAfterWrite(NEGATIVE_TTL)
                .ticker(ticker)
                .build();
    }

    /** Key of a user in known_users. */
    public static String userKey(String userUuid) {
        return "user\n" + userUuid;
    }

    /** Key of a contact pair (either order). */
    public static String contactKey(String a, String b) {
        return "contact\n" + ConversationIds.pairKey(a, b);
    }

    /** Key of an open group. */
    public static String groupKey(String groupUuid) {
        return "group\n" + groupUuid;
    }

    /** Key of a group membership. */
    public static String memberKey(String groupUuid, String userUuid) {
        return "member\n" + groupUuid + "\n" + userUuid;
    }

    /** {@code lookup}'s value, waited for as described above; empty if still absent (or remembered absent). */
    public <T> Optional<T> find(String key, Supplier<Optional<T>> lookup) {
        if (negative.getIfPresent(key) != null) {
            return Optional.empty();
        }
        int stripe = stripe(key);
        long changesBefore = changes.get(stripe);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<T> found = lookup.get();
            if (found.isPresent()) {
                return found;
            }
            if (System.nanoTime() - deadline >= 0) {
                if (changes.get(stripe) == changesBefore) {
                    negative.put(key, Boolean.TRUE);
                }
                return found;
            }
            try {
                Thread.sleep(RETRY_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Whether {@code check} holds, waited for as described above. */
    public boolean holds(String key, BooleanSupplier check) {
        return find(key, () -> check.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty()).isPresent();
    }

    /** Forgets the negative answers of {@code keys} now. */
    public void changed(String... keys) {
        for (String key : keys) {
            changes.incrementAndGet(stripe(key));
            negative.invalidate(key);
        }
    }

    /**
     * Forgets the negative answers of {@code keys} once the current transaction committed (at once without one):
     * before the commit a lookup would still read the old state and remember it again.
     */
    public void changedAfterCommit(String... keys) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            changed(keys);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                changed(keys);
            }
        });
    }

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }
}
