package im.platform.health;

import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The service's streaming event processors (projections, delivery, Kafka publication) are running and none of their
 * segments is in an error state (Axon retries a failing event with back-off; a segment stuck on one event is what
 * an operator must see). Details per processor: running, segments claimed here, segments in error, lag. A processor
 * that claims no segment on this instance is fine (another instance has them).
 */
public class EventProcessorsHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;
    private final ProcessorLag lag;

    public EventProcessorsHealthIndicator(EventProcessingConfiguration processing, ProcessorLag lag) {
        this.processing = processing;
        this.lag = lag;
    }

    @Override
    public Health health() {
        Map<String, StreamingEventProcessor> processors = processing.eventProcessors().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof StreamingEventProcessor)
                .collect(LinkedHashMap::new, (map, entry) -> map.put(entry.getKey(),
                        (StreamingEventProcessor) entry.getValue()), Map::putAll);
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, StreamingEventProcessor> entry : processors.entrySet()) {
            StreamingEventProcessor processor = entry.getValue();
            long inError = processor.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                    .count();
            boolean running = processor.isRunning() && !processor.isError();
            up &= running && inError == 0;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("running", running);
            detail.put("segments", processor.processingStatus().size());
            detail.put("segmentsInError", inError);
            detail.put("lag", lag.lag(entry.getKey()));
            details.put(entry.getKey(), detail);
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
