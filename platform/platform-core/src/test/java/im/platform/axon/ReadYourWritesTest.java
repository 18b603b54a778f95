package im.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

class ReadYourWritesTest {

    private static final Duration SHORT = Duration.ofMillis(100);

    private final EventStore eventStore = mock(EventStore.class);
    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private final List<Long> asked = new ArrayList<>();

    @Test
    void aProcessorPastTheHeadWithoutGapsHasReachedIt() {
        givenHead(11);
        givenProcessorAt(GapAwareTrackingToken.newInstance(11, Set.of()));

        assertThat(readYourWrites(Set.of()).awaitProjections("p")).isTrue();
    }

    @Test
    void aProcessorBehindTheHeadHasNot() {
        givenHead(11);
        givenProcessorAt(GapAwareTrackingToken.newInstance(10, Set.of()));

        assertThat(readYourWrites(Set.of()).awaitProjections("p")).isFalse();
    }

    @Test
    void aGapThatIsCommittedByNowIsAnEventStillToHandle() {
        // the caller's event got index 10 but committed after index 11, which the processor already read
        givenHead(11);
        givenProcessorAt(GapAwareTrackingToken.newInstance(11, Set.of(10L)));

        assertThat(readYourWrites(Set.of(10L)).awaitProjections("p")).isFalse();
        assertThat(asked).contains(10L);
    }

    @Test
    void aGapThatIsNotCommittedDoesNotHoldTheCallerUp() {
        // someone else's in-flight or rolled-back transaction
        givenHead(11);
        givenProcessorAt(GapAwareTrackingToken.newInstance(11, Set.of(10L)));

        assertThat(readYourWrites(Set.of()).awaitProjections("p")).isTrue();
    }

    @Test
    void gapsAboveTheHeadAreNotAsked() {
        givenHead(11);
        givenProcessorAt(GapAwareTrackingToken.newInstance(14, Set.of(12L, 13L)));

        assertThat(readYourWrites(Set.of(12L, 13L)).awaitProjections("p")).isTrue();
        assertThat(asked).isEmpty();
    }

    private ReadYourWrites readYourWrites(Set<Long> committedGaps) {
        return new ReadYourWrites(eventStore, processing, SHORT, indexes -> {
            asked.addAll(indexes);
            return indexes.stream().anyMatch(committedGaps::contains);
        });
    }

    private void givenHead(long index) {
        when(eventStore.createHeadToken()).thenReturn(GapAwareTrackingToken.newInstance(index, new TreeSet<>()));
    }

    private void givenProcessorAt(TrackingToken token) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getTrackingToken()).thenReturn(token);
        when(processor.processingStatus()).thenReturn(Map.of(0, status));
        when(processing.eventProcessor("p", StreamingEventProcessor.class)).thenReturn(Optional.of(processor));
    }
}
