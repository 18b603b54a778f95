package im.gateway.delivery;

import com.google.protobuf.InvalidProtocolBufferException;
import im.gateway.config.GatewayProperties;
import im.platform.kafka.ImTopics;
import im.proto.frames.Delivery;
import java.util.Collection;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code im.frames.delivery.v1}. Every gateway must see every delivery (it cannot know which recipients
 * have sockets here), so each instance has its own consumer group {@code gateway-<instance id>} and starts at the
 * latest offset: deliveries published while no socket was open here concern nobody here, and a recipient who
 * connects later gets stored messages from the pending inbox.
 *
 * <p>{@link #isAssigned()} turns true once the partitions are assigned; before that a new socket could miss a
 * live delivery, so the handshake is refused (503) until then.
 */
@Component
public class DeliveryConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryConsumer.class);

    private final ConcurrentMessageListenerContainer<String, byte[]> container;
    private volatile boolean assigned;

    public DeliveryConsumer(ConsumerFactory<String, byte[]> consumerFactory, ImTopics topics,
                            GatewayProperties properties, DeliveryDispatcher dispatcher) {
        ContainerProperties containerProperties = new ContainerProperties(topics.framesDelivery());
        containerProperties.setGroupId("gateway-" + properties.instanceId());
        // names the consumer in its client metrics (kafka_consumer_*{client_id="gateway-<id>-delivery-0"})
        containerProperties.setClientId("gateway-" + properties.instanceId() + "-delivery");
        Properties overrides = new Properties();
        overrides.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        containerProperties.setKafkaConsumerProperties(overrides);
        containerProperties.setMessageListener((MessageListener<String, byte[]>) record -> handle(record, dispatcher));
        containerProperties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned = true;
                log.info("delivery consumer assigned {} partitions of {}", partitions.size(),
                        topics.framesDelivery());
            }
        });
        this.container = new ConcurrentMessageListenerContainer<>(consumerFactory, containerProperties);
        this.container.setBeanName("gateway-delivery-consumer");
    }

    private static void handle(ConsumerRecord<String, byte[]> record, DeliveryDispatcher dispatcher) {
        Delivery delivery;
        try {
            delivery = Delivery.parseFrom(record.value());
        } catch (InvalidProtocolBufferException | NullPointerException e) {
            log.warn("skipping an undecodable delivery at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        dispatcher.dispatch(delivery);
    }

    public boolean isAssigned() {
        return assigned;
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void stop() {
        assigned = false;
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }
}
