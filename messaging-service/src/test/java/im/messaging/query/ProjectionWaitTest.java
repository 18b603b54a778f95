package im.messaging.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class ProjectionWaitTest {

    private static final String KEY = ProjectionWait.userKey("[usr]00000000-0000-4000-8000-000000000000");

    private final AtomicLong nanos = new AtomicLong();

    /** A lookup answering {@code value} and counting its calls. */
    private static final class Lookup implements Supplier<Optional<String>> {
        final AtomicInteger calls = new AtomicInteger();
        volatile String value;

        @Override
        public Optional<String> get() {
            calls.incrementAndGet();
            return Optional.ofNullable(value);
        }
    }

    @Test
    void aMissIsRetriedForTheWaitThenAnsweredAtOnceWithoutAQuery() {
        ProjectionWait wait = new ProjectionWait(Duration.ofMillis(300), nanos::get);
        Lookup lookup = new Lookup();

        long started = System.nanoTime();
        assertThat(wait.find(KEY, lookup)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        int queries = lookup.calls.get();
        assertThat(queries).isGreaterThan(1);

        long againStarted = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(wait.find(KEY, lookup)).isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - againStarted)).isLessThan(Duration.ofMillis(300));
        assertThat(lookup.calls.get()).isEqualTo(queries);
    }

    @Test
    void aValueArrivingDuringTheWaitIsFound() throws InterruptedException {
        ProjectionWait wait = new ProjectionWait(Duration.ofSeconds(5), nanos::get);
        Lookup lookup = new Lookup();
        Thread arrives = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lookup.value = "bob";
        });
        arrives.start();

        assertThat(wait.find(KEY, lookup)).contains("bob");
        arrives.join();
    }

    @Test
    void aMissIsLookedUpAgainAfterFiveSeconds() {
        ProjectionWait wait = new ProjectionWait(Duration.ZERO, nanos::get);
        Lookup lookup = new Lookup();
        assertThat(wait.find(KEY, lookup)).isEmpty();

        lookup.value = "bob"; // arrived meanwhile, but no change was signalled
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(wait.find(KEY, lookup)).isEmpty();
        nanos.addAndGet(Duration.ofMillis(1001).toNanos());
        assertThat(wait.find(KEY, lookup)).contains("bob");
    }

    @Test
    void aSignalledChangeForgetsTheMissAtOnce() {
        ProjectionWait wait = new ProjectionWait(Duration.ZERO, nanos::get);
        Lookup lookup = new Lookup();
        assertThat(wait.find(KEY, lookup)).isEmpty();

        lookup.value = "bob";
        wait.changed(KEY);

        assertThat(wait.find(KEY, lookup)).contains("bob");
    }

    @Test
    void aChangeOfAnotherKeyKeepsTheMiss() {
        ProjectionWait wait = new ProjectionWait(Duration.ZERO, nanos::get);
        Lookup lookup = new Lookup();
        assertThat(wait.find(KEY, lookup)).isEmpty();

        lookup.value = "bob";
        wait.changed(ProjectionWait.userKey("[usr]someone-else"));

        assertThat(wait.find(KEY, lookup)).isEmpty();
    }

    @Test
    void aMissThatRacedWithAChangeIsNotRemembered() {
        ProjectionWait wait = new ProjectionWait(Duration.ZERO, nanos::get);
        Lookup lookup = new Lookup();
        // the change commits while the lookup is reading the old state
        assertThat(wait.find(KEY, () -> {
            wait.changed(KEY);
            return Optional.<String>empty();
        })).isEmpty();

        lookup.value = "bob";
        assertThat(wait.find(KEY, lookup)).contains("bob");
    }

    @Test
    void aChangeInsideATransactionIsSignalledOnlyAfterTheCommit() {
        ProjectionWait wait = new ProjectionWait(Duration.ZERO, nanos::get);
        Lookup lookup = new Lookup();
        assertThat(wait.find(KEY, lookup)).isEmpty();
        lookup.value = "bob";

        TransactionSynchronizationManager.initSynchronization();
        try {
            wait.changedAfterCommit(KEY);
            assertThat(wait.find(KEY, lookup)).isEmpty(); // not committed yet
            TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }

        assertThat(wait.find(KEY, lookup)).contains("bob");
    }

    @Test
    void aFoundValueIsNotRemembered() {
        ProjectionWait wait = new ProjectionWait(Duration.ZERO, nanos::get);
        Lookup lookup = new Lookup();
        lookup.value = "bob";

        assertThat(wait.find(KEY, lookup)).contains("bob");
        lookup.value = null;
        assertThat(wait.find(KEY, lookup)).isEmpty();
        assertThat(lookup.calls.get()).isEqualTo(2);
    }

    @Test
    void contactKeysAreTheSameForEitherOrder() {
        assertThat(ProjectionWait.contactKey("[usr]a", "[usr]b")).isEqualTo(ProjectionWait.contactKey("[usr]b", "[usr]a"));
    }
}
