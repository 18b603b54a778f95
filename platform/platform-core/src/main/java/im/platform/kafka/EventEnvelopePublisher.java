package im.platform.kafka;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import im.platform.axon.UnitOfWorkBatch;
import im.proto.events.EventEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes a stored Axon event to a public event topic as an {@link EventEnvelope}, keyed by aggregate id so one
 * aggregate's events stay in order. Call it from an event handler of a tracking processor: the sends of a processor
 * batch (one Axon unit of work) go out at once and are awaited together when the unit of work prepares to commit, so
 * the processor's token only advances once Kafka has every record of the batch (at-least-once; the event id is
 * stable across re-publication, for consumers to deduplicate). Outside a unit of work each send is awaited at once.
 */
public class EventEnvelopePublisher {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final String PENDING_SENDS = EventEnvelopePublisher.class.getName() + ".pending";

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
        CompletableFuture<?> sent = kafka.send(topic, key, value);
        UnitOfWorkBatch.<List<CompletableFuture<?>>>current(PENDING_SENDS, ArrayList::new,
                        pending -> await(topic, CompletableFuture.allOf(pending.toArray(CompletableFuture<?>[]::new))))
                .ifPresentOrElse(pending -> pending.add(sent), () -> await(topic, sent));
    }

    private static void await(String topic, CompletableFuture<?> sent) {
        try {
            sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }
}
