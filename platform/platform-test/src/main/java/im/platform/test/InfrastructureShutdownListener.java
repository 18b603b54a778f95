package im.platform.test;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared test infrastructure after the last test, in order: Spring contexts first (they still talk to
 * Kafka and PostgreSQL while closing), then Kafka, then PostgreSQL. Left to JVM shutdown hooks, the three race
 * and fill the log with connection errors.
 */
public class InfrastructureShutdownListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestInfrastructure infra = TestInfrastructure.getIfStarted();
        if (infra != null) {
            infra.shutdown();
        }
    }
}
