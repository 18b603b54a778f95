package im.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;

import im.messaging.api.MessageRefusedException;
import im.messaging.api.RefusalCode;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandRetryTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final RetryScheduler scheduler = AxonConfig.retryOnConflict(executor, 2, Duration.ofMillis(1));
    private final CommandMessage<?> command = GenericCommandMessage.asCommandMessage("a command");

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private boolean retried(RuntimeException failure, int failuresSoFar) {
        List<Class<? extends Throwable>[]> failures = new ArrayList<>();
        for (int i = 0; i < failuresSoFar; i++) {
            failures.add(new Class[] {failure.getClass()});
        }
        return scheduler.scheduleRetry(command, failure, failures, () -> { });
    }

    private static ConcurrencyException appendConflict() {
        return new ConcurrencyException("An event for aggregate [dm:a|b] at sequence [4] was already inserted",
                new SQLException("duplicate key value violates unique constraint", "23505"));
    }

    @Test
    void anAppendConflictIsRetriedUpToTheLimit() {
        assertThat(retried(appendConflict(), 1)).isTrue();
        assertThat(retried(appendConflict(), 2)).isTrue();
        assertThat(retried(appendConflict(), 3)).isFalse();
    }

    @Test
    void aRefusalIsNotRetried() {
        assertThat(retried(new MessageRefusedException(RefusalCode.NOT_CONTACT, "not a contact"), 1)).isFalse();
    }

    @Test
    void anyOtherEventStoreFailureIsNotRetried() {
        assertThat(retried(new EventStoreException("the database is down", new SQLException("no connection", "08001")),
                1)).isFalse();
        assertThat(retried(new IllegalStateException("a bug"), 1)).isFalse();
    }
}
