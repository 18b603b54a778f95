package im.platform.axon;

import java.time.Duration;
import java.util.Map;
import java.util.SortedSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes for a command endpoint whose answer (or the client's next request) reads a projection.
 *
 * <p>Projections are streaming processors, so they trail the event store by milliseconds. After a command has
 * committed, {@link #awaitProjections} takes the event store's head position and waits until every segment of
 * the named processors has reached it: its token's position (the highest global index it has seen) is at or beyond
 * the head, and none of the token's gaps below the head is a committed event. The gaps matter: with concurrent
 * writers, the caller's own event can commit after a later one the processor has already read, and then it is a
 * gap of the token although the position is past it (seen with parallel registrations). Gaps that are not
 * committed (someone else's in-flight or rolled-back transaction) are ignored, so they cannot hold a caller up;
 * {@link CommittedEvents} answers which are.
 */
public class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final Duration timeout;
    private final CommittedEvents committedEvents;

    /** @param committedEvents answers whether gaps are committed events; null: gaps are not checked */
    public ReadYourWrites(EventStore eventStore, EventProcessingConfiguration processing, Duration timeout,
                          CommittedEvents committedEvents) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.timeout = timeout;
        this.committedEvents = committedEvents;
    }

    /**
     * Blocks until the named processors have handled every event committed before this call, or the timeout.
     *
     * @return false when the timeout ran out first (logged)
     */
    public boolean awaitProjections(String... processingGroups) {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null || head.position().isEmpty()) {
            return true;
        }
        long target = head.position().getAsLong();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String group : processingGroups) {
            StreamingEventProcessor processor = processing
                    .eventProcessor(group, StreamingEventProcessor.class)
                    .orElseThrow(() -> new IllegalArgumentException("no streaming processor " + group));
            while (!reached(processor, target)) {
                if (System.nanoTime() > deadline) {
                    log.warn("projection {} did not reach position {} within {}", group, target, timeout);
                    return false;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private boolean reached(StreamingEventProcessor processor, long target) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return false;
        }
        for (EventTrackerStatus segment : status.values()) {
            TrackingToken token = segment.getTrackingToken();
            if (token == null || token.position().orElse(-1L) < target || hasCommittedGap(token, target)) {
                return false;
            }
        }
        return true;
    }

    private boolean hasCommittedGap(TrackingToken token, long target) {
        if (committedEvents == null) {
            return false;
        }
        TrackingToken lowerBound = WrappedToken.unwrapLowerBound(token);
        if (!(lowerBound instanceof GapAwareTrackingToken gapAware)) {
            return false;
        }
        SortedSet<Long> gaps = gapAware.getGaps().headSet(target + 1);
        return !gaps.isEmpty() && committedEvents.anyCommitted(gaps);
    }
}
