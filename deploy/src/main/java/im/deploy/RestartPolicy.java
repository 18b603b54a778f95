package im.deploy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When the launcher restarts a service that exited on its own, for one service: at most {@code limit} restarts
 * within any sliding {@code window} (default 5 within 10 minutes, {@code IM_RESTART_LIMIT}); past that it gives up
 * and leaves the service down. Never while the launcher is stopping. Successive restarts within the window wait a
 * little longer each time (0 s before the first, then 1, 2, 4, ... s, at most {@link #MAX_BACKOFF}), so a service
 * that dies at once does not use up its restarts in a second.
 *
 * <p>Time is the caller's ({@link System#nanoTime()} in the launcher), so the policy is tested without a clock or a
 * process. Not thread-safe: the launcher's supervisor loop is its only user.
 */
final class RestartPolicy {

    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(16);

    /** What to do about a service that has exited. */
    enum Verdict {
        /** restart it (after {@link #backoff()}) */
        RESTART,
        /** the launcher is stopping: the exit was (or may have been) caused by the stop; leave it */
        STOPPING,
        /** {@code limit} restarts within the window already: leave it down */
        GIVE_UP
    }

    private final int limit;
    private final long windowNanos;
    /** start times ({@code nanoTime}) of the restarts within the window, oldest first */
    private final Deque<Long> restarts = new ArrayDeque<>();

    /**
     * @param limit  restarts allowed within {@code window}; 0 never restarts
     * @param window the sliding window
     */
    RestartPolicy(int limit, Duration window) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    int limit() {
        return limit;
    }

    Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /**
     * Decides about an exit seen at {@code nowNanos}, and counts the restart when the verdict is
     * {@link Verdict#RESTART}.
     */
    Verdict onExit(long nowNanos, boolean stopping) {
        if (stopping) {
            return Verdict.STOPPING;
        }
        forgetOlderThanWindow(nowNanos);
        if (restarts.size() >= limit) {
            return Verdict.GIVE_UP;
        }
        restarts.addLast(nowNanos);
        return Verdict.RESTART;
    }

    /** Restarts counted within the window ending at {@code nowNanos}, the one just granted included. */
    int restartsWithinWindow(long nowNanos) {
        forgetOlderThanWindow(nowNanos);
        return restarts.size();
    }

    /**
     * How long to wait before the restart just granted: nothing for the first within the window, then 1 s, 2 s,
     * 4 s, ... up to {@link #MAX_BACKOFF}.
     */
    Duration backoff() {
        int earlier = restarts.size() - 1;
        if (earlier <= 0) {
            return Duration.ZERO;
        }
        long seconds = 1L << Math.min(earlier - 1, 30);
        return seconds >= MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }

    private void forgetOlderThanWindow(long nowNanos) {
        while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() >= windowNanos) {
            restarts.removeFirst();
        }
    }
}
