package im.messaging.delivery;

import im.platform.kafka.ImTopics;
import im.proto.frames.Delivery;
import java.time.Duration;
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
        String topic = topics.framesDelivery();
        try {
            kafka.send(topic, delivery.getRecipientUuid(), delivery.toByteArray())
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }
}
