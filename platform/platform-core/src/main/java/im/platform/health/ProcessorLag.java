package im.platform.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * How far each streaming event processor trails the event store, in events: the head's global index minus the
 * lowest position among the segments this instance claims (0 when it claims none or is at the head). Exported as the
 * gauge {@code im.axon.processor.lag{processor}} and used by {@link EventProcessorsHealthIndicator}. Reading the head
 * is one small query, done when the gauge is scraped.
 */
public class ProcessorLag {

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final Map<String, Boolean> registered = new ConcurrentHashMap<>();

    public ProcessorLag(EventStore eventStore, EventProcessingConfiguration processing) {
        this.eventStore = eventStore;
        this.processing = processing;
    }

    /** Registers a gauge per streaming processor (call once the processors exist). */
    public void bindTo(MeterRegistry registry) {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor && registered.putIfAbsent(name, true) == null) {
                Gauge.builder("im.axon.processor.lag", () -> lag(name))
                        .description("events the processor still has to handle (head index - its position)")
                        .tag("processor", name)
                        .register(registry);
            }
        });
    }

    /** The processor's lag in events, 0 if unknown. */
    public long lag(String processorName) {
        StreamingEventProcessor processor = processing.eventProcessor(processorName, StreamingEventProcessor.class)
                .orElse(null);
        if (processor == null) {
            return 0;
        }
        TrackingToken head = eventStore.createHeadToken();
        if (head == null || head.position().isEmpty()) {
            return 0;
        }
        long lowest = Long.MAX_VALUE;
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            OptionalLong position = status.getTrackingToken() == null ? OptionalLong.of(-1)
                    : status.getTrackingToken().position();
            lowest = Math.min(lowest, position.orElse(-1));
        }
        return lowest == Long.MAX_VALUE ? 0 : Math.max(0, head.position().getAsLong() - lowest);
    }
}
