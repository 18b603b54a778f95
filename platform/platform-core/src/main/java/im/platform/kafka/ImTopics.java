package im.platform.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Names and sizing of the Kafka topics. The event topics are a public contract (see shared-proto's
 * {@code im/events/envelope.proto}); the frame topics are internal between the gateway and messaging-service.
 *
 * @param partitions        partitions of every topic a service creates
 * @param replicationFactor replicas of every topic a service creates (1 for the embedded broker)
 */
@ConfigurationProperties("im.kafka")
public record ImTopics(
        @DefaultValue("im.user.events.v1") String userEvents,
        @DefaultValue("im.group.events.v1") String groupEvents,
        @DefaultValue("im.message.events.v1") String messageEvents,
        @DefaultValue("im.media.events.v1") String mediaEvents,
        @DefaultValue("im.frames.inbound.v1") String framesInbound,
        @DefaultValue("im.frames.delivery.v1") String framesDelivery,
        @DefaultValue("im.frames.receipts.v1") String framesReceipts,
        @DefaultValue("im.frames.relay.v1") String framesRelay,
        @DefaultValue("im.frames.relay-acks.v1") String framesRelayAcks,
        @DefaultValue("8") int partitions,
        @DefaultValue("1") short replicationFactor) {

    /** A topic declaration for Spring Kafka's admin to create at start-up if it is missing. */
    public NewTopic declare(String name) {
        return TopicBuilder.name(name).partitions(partitions).replicas(replicationFactor).build();
    }
}
