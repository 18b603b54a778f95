package im.platform.kafka;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import im.proto.events.EventEnvelope;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes a stored Axon event to a public event topic as an {@link EventEnvelope}, keyed by aggregate id so one
 * aggregate's events stay in order. Call it from an event handler of a tracking processor: the send is awaited,
 * so the processor's token only advances once Kafka has the record (at-least-once; the event id is stable across
 * re-publication, for consumers to deduplicate).
 */
public class EventEnvelopePublisher {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> kafka;

    public EventEnvelopePublisher(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    /**
     * @param eventType stable public name of the event, e.g. {@code im.user.UserRegistered}
     * @param payload   the typed protobuf payload (must not carry secrets)
     */
    public void publish(String topic, EventMessage<?> event, String eventType, Message payload) {
        String aggregateId = event.getIdentifier();
        long sequence = 0;
        if (event instanceof DomainEventMessage<?> domainEvent) {
            aggregateId = domainEvent.getAggregateIdentifier();
            sequence = domainEvent.getSequenceNumber();
        }
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setEventId(event.getIdentifier())
                .setEventType(eventType)
                .setAggregateId(aggregateId)
                .setAggregateSequence(sequence)
                .setTimestampMs(event.getTimestamp().toEpochMilli())
                .setPayload(Any.pack(payload))
                .build();
        send(topic, aggregateId, envelope.toByteArray());
    }

    private void send(String topic, String key, byte[] value) {
        try {
            kafka.send(topic, key, value).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }
}
