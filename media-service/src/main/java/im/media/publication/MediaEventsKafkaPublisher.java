package im.media.publication;

import im.media.api.FileDiscarded;
import im.media.api.FileStored;
import im.platform.kafka.EventEnvelopePublisher;
import im.platform.kafka.ImTopics;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Publishes the StoredFile events to {@code im.media.events.v1} from the tracking processor
 * {@value #PROCESSING_GROUP}, after the event-store commit (at-least-once, keyed by the file name). Payloads are the
 * messages of {@code media_events.proto}; event types are {@code im.media.<EventName>}. Never bytes.
 */
@Component
@ProcessingGroup(MediaEventsKafkaPublisher.PROCESSING_GROUP)
@DisallowReplay
public class MediaEventsKafkaPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    public static final String TYPE_PREFIX = "im.media.";

    private final EventEnvelopePublisher publisher;
    private final String topic;

    public MediaEventsKafkaPublisher(EventEnvelopePublisher publisher, ImTopics topics) {
        this.publisher = publisher;
        this.topic = topics.mediaEvents();
    }

    @EventHandler
    void on(FileStored event, EventMessage<?> message) {
        im.proto.events.media.FileStored.Builder payload = im.proto.events.media.FileStored.newBuilder()
                .setName(event.name())
                .setOwnerUuid(event.ownerUuid())
                .setKind(event.kind().wireName())
                .setMimeType(event.mimeType())
                .setContentType(event.contentType())
                .setSize(event.size())
                .setSha256(event.sha256())
                .setThumbnail(event.thumbnail())
                .setStoredAtMs(event.storedAt().toEpochMilli());
        if (event.durationMs() != null) {
            payload.setDurationMs(event.durationMs());
        }
        publisher.publish(topic, message, TYPE_PREFIX + "FileStored", payload.build());
    }

    @EventHandler
    void on(FileDiscarded event, EventMessage<?> message) {
        publisher.publish(topic, message, TYPE_PREFIX + "FileDiscarded", im.proto.events.media.FileDiscarded.newBuilder()
                .setName(event.name())
                .setReason(event.reason())
                .setDiscardedAtMs(event.discardedAt().toEpochMilli())
                .build());
    }
}
