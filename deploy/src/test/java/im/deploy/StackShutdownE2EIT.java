package im.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs after every other end-to-end class: stops the shared stack like a service manager would. */
@Order(Integer.MAX_VALUE)
class StackShutdownE2EIT {

    @Test
    void sigtermStopsEverythingAndLeavesNoProcessBehind() throws Exception {
        LocalStack stack = LocalStack.get();
        Process launcher = stack.launcher();
        List<ProcessHandle> children = launcher.descendants().toList();
        assertThat(children).as("the services run as child processes").hasSizeGreaterThanOrEqualTo(5);

        // SIGTERM, like a service manager (Ctrl-C is SIGINT, handled the same way). Through the ProcessHandle because
        // Process.destroy() also closes our end of the launcher's stdout, and we want to read its last lines.
        assertThat(launcher.toHandle().destroy()).isTrue();

        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("launcher exited within 60 s").isTrue();
        stack.awaitEndOfOutput();
        assertThat(stack.output()).as("launcher output (exit code " + launcher.exitValue() + ")")
                .contains("\n" + LocalStackLauncher.STOPPED_LINE + "\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(children.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList())
                .as("processes left behind").isEmpty();
        stack.stoppedCleanly();
    }
}
