package im.gateway.relay;

import im.gateway.config.GatewayProperties;
import im.platform.kafka.ImTopics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * The Kafka producer of relayed frames ({@code im.frames.relay.v1}), apart from the one chat frames, receipts and
 * relay acks use: relayed frames are best effort and large (screen frames), and must never fill the buffer the chat
 * path needs nor make its sends wait. Same settings as the application's producer ({@code spring.kafka.producer.*}),
 * but {@code buffer.memory} = {@code im.gateway.relay.producer-buffer} and {@code max.block.ms} =
 * {@code im.gateway.relay.producer-max-block}: when the buffer is full a send fails after that short wait (the frame
 * is not relayed, the sender hears {@code unavailable}) instead of blocking. So a send never waits for metadata
 * either, the topic's metadata is fetched at start (retried in the background until it answers) and kept while idle.
 */
@Component
public class RelayProducer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayProducer.class);
    private static final long METADATA_KEPT_IDLE_MS = Duration.ofDays(1).toMillis();
    private static final Duration WARM_UP_RETRY = Duration.ofMillis(200);
    private static final Duration WARM_UP_FOR = Duration.ofMinutes(1);

    private final KafkaTemplate<String, byte[]> template;
    private final String topic;
    private volatile boolean running;
    private volatile Thread warmUp;

    public RelayProducer(ProducerFactory<String, byte[]> producerFactory, ImTopics topics,
                         GatewayProperties properties) {
        GatewayProperties.Relay relay = properties.relay();
        this.template = new KafkaTemplate<>(producerFactory, Map.of(
                ProducerConfig.BUFFER_MEMORY_CONFIG, relay.producerBuffer().toBytes(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, relay.producerMaxBlock().toMillis(),
                ProducerConfig.METADATA_MAX_IDLE_CONFIG, METADATA_KEPT_IDLE_MS,
                ProducerConfig.CLIENT_ID_CONFIG, "gateway-" + properties.instanceId() + "-relay"));
        this.topic = topics.framesRelay();
    }

    /** Publishes one relayed record keyed by its recipient; fails when Kafka does not take it. */
    public CompletableFuture<?> send(String recipient, byte[] record) {
        return template.send(topic, recipient, record);
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::fetchMetadata, "gateway-relay-producer-warm-up");
        thread.setDaemon(true);
        warmUp = thread;
        thread.start();
    }

    private void fetchMetadata() {
        long deadline = System.nanoTime() + WARM_UP_FOR.toNanos();
        while (running && System.nanoTime() < deadline) {
            try {
                template.partitionsFor(topic);
                return;
            } catch (RuntimeException notYet) {
                try {
                    Thread.sleep(WARM_UP_RETRY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        if (running) {
            log.warn("the relay producer has no metadata of {} yet; relayed frames fail until it has", topic);
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = warmUp;
        if (thread != null) {
            thread.interrupt();
        }
        template.destroy(); // closes the producer of its own factory
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before the web server and stopped after it, so no open socket finds it closed. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 100;
    }
}
