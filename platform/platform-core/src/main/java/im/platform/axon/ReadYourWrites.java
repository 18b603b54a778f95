package im.platform.axon;

import java.time.Duration;
import java.util.Map;
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
 * the named processors has reached it. Positions (the global index) are compared rather than {@code covers()},
 * so a gap left by someone else's in-flight transaction cannot hold a caller up.
 */
public class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final Duration timeout;

    public ReadYourWrites(EventStore eventStore, EventProcessingConfiguration processing, Duration timeout) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.timeout = timeout;
    }

    /** Blocks until the named processors have handled every event committed before this call, or the timeout. */
    public void awaitProjections(String... processingGroups) {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null || head.position().isEmpty()) {
            return;
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
                    return;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean reached(StreamingEventProcessor processor, long target) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return false;
        }
        for (EventTrackerStatus segment : status.values()) {
            TrackingToken token = segment.getTrackingToken();
            if (token == null || token.position().orElse(-1L) < target) {
                return false;
            }
        }
        return true;
    }
}
