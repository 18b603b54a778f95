package im.deploy;

import static im.deploy.RestartPolicy.Verdict.GIVE_UP;
import static im.deploy.RestartPolicy.Verdict.RESTART;
import static im.deploy.RestartPolicy.Verdict.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The launcher's restart decisions, on a made-up clock: no process started. */
class RestartPolicyTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    /** an arbitrary nanoTime origin, negative like nanoTime may be */
    private static final long T0 = -123_456_789_000L;

    @Test
    void restartsUpToTheLimitWithinTheWindowThenGivesUp() {
        RestartPolicy policy = new RestartPolicy(5, WINDOW);

        for (int i = 0; i < 5; i++) {
            assertThat(policy.onExit(T0 + i * 30 * SECOND, false)).as("exit %d", i + 1).isEqualTo(RESTART);
        }
        assertThat(policy.onExit(T0 + 150 * SECOND, false)).isEqualTo(GIVE_UP);
        assertThat(policy.onExit(T0 + 151 * SECOND, false)).as("and stays given up within the window")
                .isEqualTo(GIVE_UP);
    }

    @Test
    void theWindowSlidesRestartsOlderThanItNoLongerCount() {
        RestartPolicy policy = new RestartPolicy(2, WINDOW);
        assertThat(policy.onExit(T0, false)).isEqualTo(RESTART);
        assertThat(policy.onExit(T0 + 300 * SECOND, false)).isEqualTo(RESTART);
        assertThat(policy.onExit(T0 + 599 * SECOND, false)).as("two within the last 10 min").isEqualTo(GIVE_UP);

        assertThat(policy.onExit(T0 + 600 * SECOND, false)).as("the first is 10 min old").isEqualTo(RESTART);
        assertThat(policy.restartsWithinWindow(T0 + 600 * SECOND)).isEqualTo(2);
        assertThat(policy.onExit(T0 + 601 * SECOND, false)).isEqualTo(GIVE_UP);
        assertThat(policy.restartsWithinWindow(T0 + 2000 * SECOND)).isZero();
    }

    @Test
    void aRefusedRestartIsNotCounted() {
        RestartPolicy policy = new RestartPolicy(1, WINDOW);
        assertThat(policy.onExit(T0, false)).isEqualTo(RESTART);
        for (int i = 1; i < 10; i++) {
            assertThat(policy.onExit(T0 + i * 60 * SECOND, false)).isEqualTo(GIVE_UP);
        }
        assertThat(policy.onExit(T0 + 600 * SECOND, false)).as("only the granted restart ages out")
                .isEqualTo(RESTART);
    }

    @Test
    void neverRestartsWhileTheLauncherIsStoppingAndDoesNotCountIt() {
        RestartPolicy policy = new RestartPolicy(1, WINDOW);

        assertThat(policy.onExit(T0, true)).isEqualTo(STOPPING);
        assertThat(policy.restartsWithinWindow(T0)).isZero();

        assertThat(policy.onExit(T0 + SECOND, false)).isEqualTo(RESTART);
        assertThat(policy.onExit(T0 + 2 * SECOND, true)).as("stopping wins over the limit too").isEqualTo(STOPPING);
    }

    @Test
    void limitZeroNeverRestarts() {
        RestartPolicy policy = new RestartPolicy(0, WINDOW);

        assertThat(policy.onExit(T0, false)).isEqualTo(GIVE_UP);
    }

    @Test
    void theFirstRestartIsImmediateLaterOnesBackOff() {
        RestartPolicy policy = new RestartPolicy(8, WINDOW);
        long[] expectedSeconds = {0, 1, 2, 4, 8, 16, 16, 16};
        for (int i = 0; i < expectedSeconds.length; i++) {
            assertThat(policy.onExit(T0 + i * SECOND, false)).isEqualTo(RESTART);
            assertThat(policy.backoff()).as("before restart %d", i + 1)
                    .isEqualTo(Duration.ofSeconds(expectedSeconds[i]));
        }
    }

    @Test
    void afterAQuietWindowTheBackoffStartsOver() {
        RestartPolicy policy = new RestartPolicy(5, WINDOW);
        policy.onExit(T0, false);
        policy.onExit(T0 + SECOND, false);
        assertThat(policy.backoff()).isEqualTo(Duration.ofSeconds(1));

        assertThat(policy.onExit(T0 + 3600 * SECOND, false)).isEqualTo(RESTART);
        assertThat(policy.backoff()).isZero();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new RestartPolicy(-1, WINDOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartPolicy(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
