package im.messaging.delivery;

import im.platform.kafka.ImTopics;
import im.proto.frames.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends {@link Delivery} records to the gateways ({@code im.frames.delivery.v1}, keyed by recipient uuid so one
 * recipient's deliveries stay in order) and waits until Kafka has them.
 */
@Component
public class DeliveryPublisher {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> kafka;
    private final ImTopics topics;

    public DeliveryPublisher(KafkaTemplate<String, byte[]> kafka, ImTopics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    public void publish(Delivery delivery) {
        publishAll(List.of(delivery));
    }

    /**
     * Sends all deliveries at once (the producer batches them) and then waits until Kafka has every one; fails if
     * any failed (the caller retries all: gateways skip what a socket already has by inbox_seq).
     */
    public void publishAll(List<Delivery> deliveries) {
        String topic = topics.framesDelivery();
        try {
            CompletableFuture<?>[] sent = deliveries.stream()
                    .map(delivery -> kafka.send(topic, delivery.getRecipientUuid(), delivery.toByteArray()))
                    .toArray(CompletableFuture<?>[]::new);
            CompletableFuture.allOf(sent).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }
}
