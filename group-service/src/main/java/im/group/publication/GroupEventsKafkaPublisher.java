package im.group.publication;

import im.group.api.GroupCreated;
import im.group.api.GroupNoticeChanged;
import im.group.api.GroupRenamed;
import im.group.api.MemberJoined;
import im.group.api.MemberLeft;
import im.group.api.MemberRemoved;
import im.group.api.MemberRoleChanged;
import im.group.api.OwnershipTransferred;
import im.group.api.Role;
import im.platform.kafka.EventEnvelopePublisher;
import im.platform.kafka.ImTopics;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Publishes the Group events to {@code im.group.events.v1} from the tracking processor {@value #PROCESSING_GROUP},
 * after the event-store commit (at-least-once, keyed by group uuid, so one group's events stay in order). The
 * payloads are the protobuf messages of {@code group_events.proto}; event types are {@code im.group.<EventName>}.
 */
@Component
@ProcessingGroup(GroupEventsKafkaPublisher.PROCESSING_GROUP)
@DisallowReplay
public class GroupEventsKafkaPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    public static final String TYPE_PREFIX = "im.group.";

    private final EventEnvelopePublisher publisher;
    private final String topic;

    public GroupEventsKafkaPublisher(EventEnvelopePublisher publisher, ImTopics topics) {
        this.publisher = publisher;
        this.topic = topics.groupEvents();
    }

    @EventHandler
    void on(GroupCreated event, EventMessage<?> message) {
        publish(message, "GroupCreated", im.proto.events.group.GroupCreated.newBuilder()
                .setGroupUuid(event.groupUuid())
                .setCreatorUuid(event.creatorUuid())
                .setName(event.name())
                .setNotice(event.notice())
                .setCreatedAtMs(millis(message))
                .setRole(Role.OWNER.wireName())
                .build());
    }

    @EventHandler
    void on(MemberJoined event, EventMessage<?> message) {
        publish(message, "MemberJoined", im.proto.events.group.MemberJoined.newBuilder()
                .setGroupUuid(event.groupUuid())
                .setUserUuid(event.userUuid())
                .setRole(Role.MEMBER.wireName())
                .setJoinedAtMs(millis(message))
                .build());
    }

    @EventHandler
    void on(MemberLeft event, EventMessage<?> message) {
        publish(message, "MemberLeft", im.proto.events.group.MemberLeft.newBuilder()
                .setGroupUuid(event.groupUuid())
                .setUserUuid(event.userUuid())
                .setLeftAtMs(millis(message))
                .setGroupClosed(event.groupClosed())
                .build());
    }

    @EventHandler
    void on(MemberRemoved event, EventMessage<?> message) {
        publish(message, "MemberRemoved", im.proto.events.group.MemberRemoved.newBuilder()
                .setGroupUuid(event.groupUuid())
                .setUserUuid(event.userUuid())
                .setRemovedByUuid(event.byUuid())
                .setLeftAtMs(millis(message))
                .build());
    }

    @EventHandler
    void on(MemberRoleChanged event, EventMessage<?> message) {
        publish(message, "MemberRoleChanged", im.proto.events.group.MemberRoleChanged.newBuilder()
                .setGroupUuid(event.groupUuid())
                .setUserUuid(event.userUuid())
                .setRole(event.role().wireName())
                .setChangedByUuid(event.byUuid())
                .build());
    }

    @EventHandler
    void on(OwnershipTransferred event, EventMessage<?> message) {
        publish(message, "OwnershipTransferred", im.proto.events.group.OwnershipTransferred.newBuilder()
                .setGroupUuid(event.groupUuid())
                .setPreviousOwnerUuid(event.previousOwnerUuid())
                .setPreviousOwnerRole(Role.ADMIN.wireName())
                .setNewOwnerUuid(event.newOwnerUuid())
                .setNewOwnerRole(Role.OWNER.wireName())
                .build());
    }

    @EventHandler
    void on(GroupRenamed event, EventMessage<?> message) {
        publish(message, "GroupRenamed", im.proto.events.group.GroupRenamed.newBuilder()
                .setGroupUuid(event.groupUuid())
                .setName(event.name())
                .setChangedByUuid(event.byUuid())
                .build());
    }

    @EventHandler
    void on(GroupNoticeChanged event, EventMessage<?> message) {
        publish(message, "GroupNoticeChanged", im.proto.events.group.GroupNoticeChanged.newBuilder()
                .setGroupUuid(event.groupUuid())
                .setNotice(event.notice())
                .setChangedByUuid(event.byUuid())
                .build());
    }

    private void publish(EventMessage<?> message, String name, com.google.protobuf.Message payload) {
        publisher.publish(topic, message, TYPE_PREFIX + name, payload);
    }

    private static long millis(EventMessage<?> message) {
        return message.getTimestamp().toEpochMilli();
    }
}
