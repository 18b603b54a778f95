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
 * Consumes {@code im.frames.relay.v1} and {@code im.frames.relay-acks.v1}, each with a listener container (a
 * consumer and a thread) of its own, so a flood of screen frames never holds up an ack behind it past the caller's
 * {@code ack-timeout}. Like the delivery consumer, every gateway must see every relayed frame (it cannot know where
 * the recipient's sockets are), so each instance has its own consumer groups, {@code gateway-<instance id>-relay}
 * for the frames and {@code gateway-<instance id>-relay-acks} for the acks. Relayed frames are live only: on every
 * assignment both consumers position at the end of their partitions (a restarted instance never replays old call
 * signalling, screen frames or acks). Frames go to {@link RelayDispatcher}; acks keyed by this gateway's id (the
 * origin of the frame they confirm) go to {@link RelayAcks}, the others are skipped. Undecodable records are
 * skipped, logged without content.
 *
 * <p>{@link #isAssigned()} turns true once both consumers' partitions are assigned; until then a new socket could
 * miss relayed frames (or its dials their acks), so the handshake is refused (503) until then, as for the delivery
 * consumer.
 */
@Component
public class RelayConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayConsumer.class);

    private final ConcurrentMessageListenerContainer<String, byte[]> frames;
    private final ConcurrentMessageListenerContainer<String, byte[]> acknowledgements;
    private final RelayDispatcher dispatcher;
    private final RelayAcks acks;
    private final String gatewayId;
    private volatile boolean framesAssigned;
    private volatile boolean acksAssigned;

    public RelayConsumer(ConsumerFactory<String, byte[]> consumerFactory, ImTopics topics,
                         GatewayProperties properties, RelayDispatcher dispatcher, RelayAcks acks) {
        this.dispatcher = dispatcher;
        this.acks = acks;
        this.gatewayId = properties.instanceId();
        this.frames = container(consumerFactory, topics.framesRelay(), groupId(properties.instanceId()),
                this::handleFrame, () -> framesAssigned = true, "gateway-relay-consumer");
        this.acknowledgements = container(consumerFactory, topics.framesRelayAcks(),
                acksGroupId(properties.instanceId()), this::handleAck, () -> acksAssigned = true,
                "gateway-relay-ack-consumer");
    }

    private static ConcurrentMessageListenerContainer<String, byte[]> container(
            ConsumerFactory<String, byte[]> consumerFactory, String topic, String groupId,
            MessageListener<String, byte[]> listener, Runnable onAssigned, String beanName) {
        ContainerProperties containerProperties = new ContainerProperties(topic);
        containerProperties.setGroupId(groupId);
        containerProperties.setClientId(groupId); // kafka_consumer_*{client_id="<group>-0"}
        Properties overrides = new Properties();
        overrides.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        containerProperties.setKafkaConsumerProperties(overrides);
        containerProperties.setMessageListener(listener);
        containerProperties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                if (partitions.isEmpty()) {
                    return;
                }
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position); // resolve the end now
                onAssigned.run();
                log.info("{} positioned at the end of {} partitions of {}", beanName, partitions.size(), topic);
            }
        });
        ConcurrentMessageListenerContainer<String, byte[]> container =
                new ConcurrentMessageListenerContainer<>(consumerFactory, containerProperties);
        container.setBeanName(beanName);
        return container;
    }

    static String groupId(String instanceId) {
        return "gateway-" + instanceId + "-relay";
    }

    static String acksGroupId(String instanceId) {
        return "gateway-" + instanceId + "-relay-acks";
    }

    void handleFrame(ConsumerRecord<String, byte[]> record) {
        try {
            dispatcher.dispatch(RelayFrame.parseFrom(value(record)));
        } catch (InvalidProtocolBufferException e) {
            skipped(record);
        }
    }

    void handleAck(ConsumerRecord<String, byte[]> record) {
        if (!gatewayId.equals(record.key())) {
            return;
        }
        try {
            acks.acknowledged(RelayAck.parseFrom(value(record)));
        } catch (InvalidProtocolBufferException e) {
            skipped(record);
        }
    }

    private static byte[] value(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? new byte[0] : record.value();
    }

    private static void skipped(ConsumerRecord<String, byte[]> record) {
        log.warn("skipping an undecodable record at {}-{}@{}", record.topic(), record.partition(), record.offset());
    }

    public boolean isAssigned() {
        return framesAssigned && acksAssigned;
    }

    @Override
    public void start() {
        acknowledgements.start();
        frames.start();
    }

    @Override
    public void stop() {
        framesAssigned = false;
        acksAssigned = false;
        frames.stop();
        acknowledgements.stop();
    }

    @Override
    public boolean isRunning() {
        return frames.isRunning() || acknowledgements.isRunning();
    }
}
