package im.gateway.ws;

import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * One socket's budget for relayed frames (call signalling, screen frames), separate from its chat frame budget:
 * {@code rate} per second with bursts up to {@code burst} (Bucket4j). A sender over it gets {@code rate_limited} at
 * most once a second (go-chat-web sends a screen frame every 60 ms and never stops), and the refusals of its screen
 * frames (permission, size) likewise at most once a second.
 */
final class RelayBudget {

    static final long REPORT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final Bucket bucket;
    private long lastRateLimitedReport;
    private long lastScreenRefusalReport;
    private boolean rateLimitedReported;
    private boolean screenRefusalReported;

    RelayBudget(int rate, int burst) {
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(rate, Duration.ofSeconds(1)))
                .build();
    }

    boolean tryConsume() {
        return bucket.tryConsume(1);
    }

    /** Whether a {@code rate_limited} error frame may go out now (none within the last second). */
    synchronized boolean mayReportRateLimited(long nowNanos) {
        if (rateLimitedReported && nowNanos - lastRateLimitedReport < REPORT_INTERVAL_NANOS) {
            return false;
        }
        rateLimitedReported = true;
        lastRateLimitedReport = nowNanos;
        return true;
    }

    /** Whether the refusal of a screen frame may be answered now (none within the last second). */
    synchronized boolean mayReportScreenRefusal(long nowNanos) {
        if (screenRefusalReported && nowNanos - lastScreenRefusalReport < REPORT_INTERVAL_NANOS) {
            return false;
        }
        screenRefusalReported = true;
        lastScreenRefusalReport = nowNanos;
        return true;
    }
}
