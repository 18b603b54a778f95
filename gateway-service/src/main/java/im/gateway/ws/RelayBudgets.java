package im.gateway.ws;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.gateway.config.GatewayProperties;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The relay budgets of the users with sockets on this gateway: one per user, shared by all of that user's sockets
 * (so ten sockets relay no more than one), separate from the chat frames' budget of each socket. Two Bucket4j
 * buckets:
 * <ul>
 *   <li>frames: {@code im.gateway.ws.relay-frame-rate} per second, bursts up to {@code relay-frame-burst}; spent
 *       by every relayed frame a socket of the user sends, before it is looked at;</li>
 *   <li>bytes: {@code im.gateway.ws.relay-byte-rate} per second, bursts up to the same; spent by every relayed
 *       record about to be published (its size as it goes to Kafka).</li>
 * </ul>
 * A frame over either is dropped ({@code rate_limited}, answered at most once a second per socket,
 * {@link RelayReports}). The budgets live in a Caffeine cache of at most {@value #MAX_USERS} users and are forgotten
 * once unused for as long as they take to be full again: a budget created anew then is the same as the old one, so
 * closing and reopening sockets gains nothing.
 */
@Component
public class RelayBudgets {

    /** Most users whose budgets are remembered at once (only those who relayed within about a second count). */
    static final int MAX_USERS = 100_000;
    private static final Duration SECOND = Duration.ofSeconds(1);

    private record UserBudget(Bucket frames, Bucket bytes) {
    }

    private final int frameRate;
    private final int frameBurst;
    private final long byteRate;
    private final TimeMeter time;
    private final Cache<String, UserBudget> budgets;

    @Autowired
    public RelayBudgets(GatewayProperties properties) {
        this(properties.ws(), TimeMeter.SYSTEM_NANOTIME);
    }

    /** With the buckets' time taken from {@code time} (tests). */
    public RelayBudgets(GatewayProperties.Ws ws, TimeMeter time) {
        this.frameRate = ws.relayFrameRate();
        this.frameBurst = ws.relayFrameBurst();
        this.byteRate = ws.relayByteRate().toBytes();
        this.time = time;
        Duration untilFull = SECOND.multipliedBy(frameBurst).dividedBy(frameRate);
        this.budgets = Caffeine.newBuilder()
                .maximumSize(MAX_USERS)
                .expireAfterAccess(untilFull.compareTo(SECOND) < 0 ? SECOND : untilFull)
                .build();
    }

    /** Spends one relayed frame of {@code userUuid}'s budget; false: over it (drop the frame). */
    public boolean tryConsumeFrame(String userUuid) {
        return budget(userUuid).frames().tryConsume(1);
    }

    /** Spends {@code bytes} of {@code userUuid}'s relayed bytes; false: over it (drop the frame). */
    public boolean tryConsumeBytes(String userUuid, long bytes) {
        return bytes <= byteRate && budget(userUuid).bytes().tryConsume(Math.max(bytes, 1));
    }

    private UserBudget budget(String userUuid) {
        return budgets.get(userUuid, user -> new UserBudget(
                Bucket.builder().withCustomTimePrecision(time)
                        .addLimit(limit -> limit.capacity(frameBurst).refillGreedy(frameRate, SECOND))
                        .build(),
                Bucket.builder().withCustomTimePrecision(time)
                        .addLimit(limit -> limit.capacity(byteRate).refillGreedy(byteRate, SECOND))
                        .build()));
    }
}
