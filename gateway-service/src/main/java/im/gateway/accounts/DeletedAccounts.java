package im.gateway.accounts;

import im.platform.security.TokenProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The accounts deleted recently enough that a token of theirs may still be valid: a token is a signed JWT valid for
 * {@code im.security.token-ttl} and cannot be revoked, so the gateway itself refuses the tokens of deleted accounts.
 *
 * <p><b>How the set is kept complete.</b> Two sources, live events first, then the history:
 * <ol>
 *   <li>{@link AccountDeletionConsumer} subscribes to {@code im.user.events.v1} with a consumer group of this
 *       gateway instance's own and, whenever partitions are assigned, positions at their END (offsets never matter:
 *       nothing older than the assignment is read from Kafka). Every {@code UserDeleted} from then on is
 *       {@linkplain #add added} (and the account's sockets here are closed).</li>
 *   <li>Only after that assignment it asks user-service for the accounts deleted within the retention
 *       ({@code GET /internal/v1/users/deleted?sinceMs=now - retention}) and {@linkplain #addLoaded adds} them; then
 *       the set is {@linkplain #isLoaded() loaded}. A deletion is either before the list was read (in the list) or
 *       published after the consumer's position (an event): none is missed between the two, and one seen both ways
 *       is simply kept once. A failed load is retried with backoff; until the first one succeeds the gateway is not
 *       ready ({@link DeletedAccountsHealthIndicator}) and answers authenticated requests and handshakes 503,
 *       because it cannot tell a deleted account's token from a live one. A later re-assignment (the consumer lost
 *       its partitions) positions at the end again and loads the list again.</li>
 * </ol>
 *
 * <p><b>Retention.</b> An account stays in the set for {@code token-ttl} + {@link #MARGIN} after its deletion (a
 * token issued before the deletion has expired by then; the margin covers a login racing the deletion), a listed
 * one for that long after it was loaded (the list does not say when). Older entries are dropped whenever entries are
 * added, so the set holds at most the deletions of one token lifetime.
 */
@Component
public class DeletedAccounts {

    /** Kept beyond the token lifetime: a login that raced the deletion, and clocks that differ a little. */
    static final Duration MARGIN = Duration.ofHours(1);

    /** uuid -> epoch ms until which it is kept. */
    private final Map<String, Long> keepUntil = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;
    private volatile boolean loaded;

    @Autowired
    public DeletedAccounts(TokenProperties tokens) {
        this(tokens.tokenTtl(), Clock.systemUTC());
    }

    public DeletedAccounts(Duration tokenTtl, Clock clock) {
        this.retention = tokenTtl.plus(MARGIN);
        this.clock = clock;
    }

    /** How far back deletions matter: the {@code sinceMs} of a load is now minus this. */
    public Duration retention() {
        return retention;
    }

    /** The {@code sinceMs} of a load started now. */
    public long loadSinceMs() {
        return clock.millis() - retention.toMillis();
    }

    /**
     * A live {@code UserDeleted}: kept until {@code deletedAtMs} + retention ({@code deletedAtMs} 0 or in the
     * future: from now).
     *
     * @return whether it is in the set now (false for a blank uuid or a deletion older than the retention)
     */
    public boolean add(String uuid, long deletedAtMs) {
        long now = clock.millis();
        long from = deletedAtMs <= 0 || deletedAtMs > now ? now : deletedAtMs;
        dropExpired(now);
        return put(uuid, from + retention.toMillis(), now);
    }

    /** The accounts user-service listed: each kept for the retention from now. */
    public void addLoaded(Collection<String> uuids) {
        long now = clock.millis();
        dropExpired(now);
        for (String uuid : uuids) {
            put(uuid, now + retention.toMillis(), now);
        }
    }

    /** The list from user-service has been added once: from now on the set is complete. */
    public void markLoaded() {
        loaded = true;
    }

    public boolean isLoaded() {
        return loaded;
    }

    /** Whether {@code uuid} names an account deleted within the retention. */
    public boolean contains(String uuid) {
        if (uuid == null) {
            return false;
        }
        Long until = keepUntil.get(uuid);
        return until != null && until > clock.millis();
    }

    /** Entries held (expired ones are only dropped when entries are added). */
    public int size() {
        return keepUntil.size();
    }

    private void dropExpired(long now) {
        keepUntil.values().removeIf(until -> until <= now);
    }

    private boolean put(String uuid, long until, long now) {
        if (uuid == null || uuid.isBlank() || until <= now) {
            return false;
        }
        keepUntil.merge(uuid, until, Math::max);
        return true;
    }
}
