package im.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Inside a processor's unit of work the sends of a batch go out at once and the commit waits for all of them;
 * a failed send fails the commit (the processor retries the batch). Kafka's own MockProducer stands in for the broker
 * so the test decides when, and whether, each send completes.
 */
class EventEnvelopePublisherTest {

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final ProducerFactory<String, byte[]> producerFactory = () -> producer;
    private final EventEnvelopePublisher publisher = new EventEnvelopePublisher(new KafkaTemplate<>(producerFactory));

    private void publishTwo() {
        publisher.publish("im.test.events.v1", GenericEventMessage.asEventMessage("one"), "im.test.One",
                StringValue.of("one"));
        publisher.publish("im.test.events.v1", GenericEventMessage.asEventMessage("two"), "im.test.Two",
                StringValue.of("two"));
    }

    @Test
    void aBatchIsSentWithoutWaitingAndItsCommitWaitsForEverySend() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        publishTwo(); // would block for 30 s per event if each send were awaited here
        assertThat(producer.history()).hasSize(2);

        AtomicBoolean acknowledged = new AtomicBoolean();
        CompletableFuture.runAsync(() -> {
            sleep(300);
            acknowledged.set(true);
            while (producer.completeNext()) {
                // the broker acknowledges both records
            }
        });
        unitOfWork.commit();

        assertThat(acknowledged).isTrue(); // the commit returned only after the broker answered
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailedSendFailsTheCommitSoTheBatchIsRetried() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        publishTwo();
        producer.completeNext();
        producer.errorNext(new RuntimeException("broker unavailable"));

        assertThatThrownBy(unitOfWork::commit).hasMessageContaining("could not publish");
    }

    @Test
    void outsideAUnitOfWorkEachSendIsAwaited() throws Exception {
        CompletableFuture<Void> publish = CompletableFuture.runAsync(() -> publisher.publish("im.test.events.v1",
                GenericEventMessage.asEventMessage("one"), "im.test.One", StringValue.of("one")));
        Thread.sleep(200);
        assertThat(publish).isNotDone();

        producer.completeNext();
        publish.get(5, TimeUnit.SECONDS);
    }
}
