package im.gateway.ws;

import java.time.Duration;

/**
 * How often one socket is told about its dropped relayed frames: a sender over the relay budget
 * ({@link RelayBudgets}) gets {@code rate_limited} at most once a second (go-chat-web sends a screen frame every
 * 60 ms and never stops), and the refusals of its screen frames (permission, size) likewise at most once a second.
 */
final class RelayReports {

    static final long REPORT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private long lastRateLimitedReport;
    private long lastScreenRefusalReport;
    private boolean rateLimitedReported;
    private boolean screenRefusalReported;

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
