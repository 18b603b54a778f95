package im.gateway.relay;

import com.google.protobuf.InvalidProtocolBufferException;
import im.gateway.config.GatewayProperties;
import im.platform.kafka.ImTopics;
import im.proto.frames.RelayAck;
import im.proto.frames.RelayFrame;
import java.util.Collection;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
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
 * Consumes {@code im.frames.relay.v1} and {@code im.frames.relay-acks.v1}. Like the delivery consumer, every gateway
 * must see every relayed frame (it cannot know where the recipient's sockets are), so each instance has its own
 * consumer group {@code gateway-<instance id>-relay}. Relayed frames are live only: on every assignment the consumer
 * positions at the end of its partitions (a restarted instance never replays old call signalling or screen frames).
 * Frames go to {@link RelayDispatcher}; acks keyed by this gateway's id (the origin of the frame they confirm) go to
 * {@link RelayAcks}, the others are skipped. Undecodable records are skipped, logged without content.
 *
 * <p>{@link #isAssigned()} turns true once the partitions are assigned; until then a new socket could miss relayed
 * frames, so the handshake is refused (503) until then, as for the delivery consumer.
 */
@Component
public class RelayConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayConsumer.class);

    private final ConcurrentMessageListenerContainer<String, byte[]> container;
    private final RelayDispatcher dispatcher;
    private final RelayAcks acks;
    private final String framesTopic;
    private final String gatewayId;
    private volatile boolean assigned;

    public RelayConsumer(ConsumerFactory<String, byte[]> consumerFactory, ImTopics topics,
                         GatewayProperties properties, RelayDispatcher dispatcher, RelayAcks acks) {
        this.dispatcher = dispatcher;
        this.acks = acks;
        this.framesTopic = topics.framesRelay();
        this.gatewayId = properties.instanceId();
        ContainerProperties containerProperties = new ContainerProperties(topics.framesRelay(),
                topics.framesRelayAcks());
        containerProperties.setGroupId(groupId(properties.instanceId()));
        Properties overrides = new Properties();
        overrides.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        containerProperties.setKafkaConsumerProperties(overrides);
        containerProperties.setMessageListener((MessageListener<String, byte[]>) this::handle);
        containerProperties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                if (partitions.isEmpty()) {
                    return;
                }
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position); // resolve the end now
                assigned = true;
                log.info("relay consumer positioned at the end of {} partitions", partitions.size());
            }
        });
        this.container = new ConcurrentMessageListenerContainer<>(consumerFactory, containerProperties);
        this.container.setBeanName("gateway-relay-consumer");
    }

    static String groupId(String instanceId) {
        return "gateway-" + instanceId + "-relay";
    }

    void handle(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        try {
            if (framesTopic.equals(record.topic())) {
                dispatcher.dispatch(RelayFrame.parseFrom(value));
            } else if (gatewayId.equals(record.key())) {
                acks.acknowledged(RelayAck.parseFrom(value));
            }
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipping an undecodable record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
        }
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
