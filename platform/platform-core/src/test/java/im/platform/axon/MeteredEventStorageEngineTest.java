package im.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class MeteredEventStorageEngineTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventStorageEngine jdbc = mock(EventStorageEngine.class);
    private final EventStorageEngine metered = MeteredEventStorageEngine.decorator(registry).decorate(jdbc);

    @Test
    void countsTheEventsOfACommittedUnitOfWorkAfterTheCommit() {
        List<EventMessage<?>> events = List.of(event("a"), event("b"), event("c"));
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        metered.appendEvents(events);
        verify(jdbc).appendEvents(events);
        assertThat(appended()).isZero();

        unitOfWork.commit();

        assertThat(appended()).isEqualTo(3);
        assertThat(registry.get("im.eventstore.append").tag("outcome", "success").timer().count()).isEqualTo(1);
    }

    @Test
    void aRolledBackUnitOfWorkCountsNothing() {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        metered.appendEvents(event("a"));
        unitOfWork.rollback();

        assertThat(appended()).isZero();
    }

    @Test
    void aFailedAppendIsTimedAsFailureAndNotCounted() {
        doThrow(new IllegalStateException("duplicate key")).when(jdbc).appendEvents(anyList());

        assertThatThrownBy(() -> metered.appendEvents(List.of(event("a")))).isInstanceOf(IllegalStateException.class);

        assertThat(appended()).isZero();
        assertThat(registry.get("im.eventstore.append").tag("outcome", "failure").timer().count()).isEqualTo(1);
    }

    @Test
    void withoutAUnitOfWorkCountsAtOnceAndRegistersNoMeterPerEvent() {
        int meters = registry.getMeters().size();
        for (int i = 0; i < 1000; i++) {
            metered.appendEvents(List.of(event("p" + i)));
        }
        assertThat(appended()).isEqualTo(1000);
        assertThat(registry.getMeters()).hasSize(meters);
    }

    @Test
    void decoratingTwiceMetersOnce() {
        assertThat(MeteredEventStorageEngine.decorator(registry).decorate(metered)).isSameAs(metered);
    }

    private double appended() {
        return registry.get("im.eventstore.appended.events").counter().count();
    }

    private static EventMessage<?> event(String payload) {
        return GenericEventMessage.asEventMessage(payload);
    }
}
