package im.gateway.ws;

import im.platform.kafka.ImTopics;
import im.proto.frames.InboundFrame;
import java.time.Duration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends accepted client frames to messaging-service ({@code im.frames.inbound.v1}, keyed by conversation). The send
 * is started off the socket's I/O thread (the producer may block briefly for metadata) and completes when Kafka
 * has the record.
 */
@Component
public class InboundFramePublisher {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;

    public InboundFramePublisher(KafkaTemplate<String, byte[]> kafka, ImTopics topics) {
        this.kafka = kafka;
        this.topic = topics.framesInbound();
    }

    public Mono<Void> publish(String conversationKey, InboundFrame frame) {
        return Mono.fromCallable(() -> kafka.send(topic, conversationKey, frame.toByteArray()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture)
                .timeout(SEND_TIMEOUT)
                .then();
    }
}
