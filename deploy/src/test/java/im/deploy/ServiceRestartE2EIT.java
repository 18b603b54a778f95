package im.deploy;

import static im.deploy.StackClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import im.deploy.StackClient.User;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The launcher as a supervisor: user-service is killed with SIGKILL (a crash), the launcher notices, starts it again
 * with the same environment and announces {@code user-service restarted (pid P)}; then register and login through
 * the gateway work again, and an account made before the crash can still log in. Runs right before
 * {@link StackShutdownE2EIT}, whose check that no process outlives the launcher then covers the restarted service.
 * Prints how long the restart took; no timing is asserted (the machine is shared and noisy).
 */
@Order(Integer.MAX_VALUE - 1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceRestartE2EIT {

    private static final String SERVICE = "user-service";
    /** the launcher's own limit for the start (IM_READY_TIMEOUT in LocalStack) plus the time to notice the exit */
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(240);
    /** after the restart: Kafka group and Axon token claims of the killed instance expire within ~10 s each */
    private static final Duration SERVING_AGAIN_TIMEOUT = Duration.ofSeconds(90);

    private LocalStack stack;
    private StackClient client;

    @BeforeAll
    void useTheRunningStack() throws Exception {
        stack = LocalStack.get();
        client = new StackClient(stack);
    }

    @Test
    void aKilledServiceIsRestartedAndServesAgain() throws Exception {
        User before = client.registerAndLogIn("pre-crash");
        long oldPid = stack.pidOf(SERVICE);
        List<ProcessHandle> oldWatchdog = ProcessHandle.of(oldPid).orElseThrow().children().toList();

        long killed = System.nanoTime();
        stack.crash(SERVICE);
        long newPid = stack.awaitRestarted(SERVICE, RESTART_TIMEOUT);
        double restartSeconds = (System.nanoTime() - killed) / 1e9;

        assertThat(newPid).isNotEqualTo(oldPid);
        assertThat(stack.pidOf(SERVICE)).isEqualTo(newPid);
        assertThat(stack.output()).contains(SERVICE + " exited unexpectedly (code ")
                .contains("restarting " + SERVICE);
        ProcessHandle restarted = ProcessHandle.of(newPid).orElseThrow();
        assertThat(restarted.isAlive()).isTrue();
        assertThat(restarted.info().commandLine().orElse("")).as("the pid is the service JVM's")
                .contains(SERVICE + ".jar");
        assertThat(stack.launcher().descendants().map(ProcessHandle::pid).toList())
                .as("the restarted service is the launcher's child again").contains(newPid);
        if (!oldWatchdog.isEmpty()) {
            assertThat(restarted.children().toList()).as("the restarted service has its watchdog").isNotEmpty();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (oldWatchdog.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(oldWatchdog.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                .as("the crashed service's watchdog was removed (it would signal a free pid)").isEmpty();

        long servingFrom = System.nanoTime();
        User again = eventually("the account from before the crash logs in",
                () -> client.logIn(before.username(), before.password()));
        assertThat(again.uuid()).isEqualTo(before.uuid());
        double loginSeconds = (System.nanoTime() - servingFrom) / 1e9;
        User fresh = eventually("a new account registers and logs in", () -> client.registerAndLogIn("post-crash"));
        double registerSeconds = (System.nanoTime() - servingFrom) / 1e9;
        eventually("a token from before the crash still works", () ->
                client.get("/user?uuid=" + enc(before.uuid()), before).ok());
        assertThat(fresh.uuid()).isNotEqualTo(before.uuid());

        System.out.printf(Locale.ROOT, "[restart] %s killed (pid %d) -> 'restarted' (pid %d) in %.1f s; "
                        + "login of an older account %.1f s later, registration and login of a new one %.1f s later%n",
                SERVICE, oldPid, newPid, restartSeconds, loginSeconds, registerSeconds);
    }

    private <T> T eventually(String what, ThrowingSupplier<T> call) throws Exception {
        long deadline = System.nanoTime() + SERVING_AGAIN_TIMEOUT.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (AssertionError | java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    stack.failWithDiagnostics(what + ": still failing " + SERVING_AGAIN_TIMEOUT.toSeconds()
                            + " s after the restart: " + e);
                }
                Thread.sleep(250);
            }
        }
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
