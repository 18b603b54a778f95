package im.user.publication;

import im.platform.kafka.EventEnvelopePublisher;
import im.platform.kafka.ImTopics;
import im.user.api.ContactAdded;
import im.user.api.ContactLeft;
import im.user.api.UserDeleted;
import im.user.api.UserProfileChanged;
import im.user.api.UserRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Publishes the public user events to {@code im.user.events.v1} from the tracking processor
 * {@value #PROCESSING_GROUP}, after the event-store commit (at-least-once, keyed by aggregate id). The payloads
 * are the protobuf messages of {@code user_events.proto}: no password hash ever leaves the service, and
 * {@code UserPasswordChanged} is not published at all.
 */
@Component
@ProcessingGroup(UserEventsKafkaPublisher.PROCESSING_GROUP)
@DisallowReplay
public class UserEventsKafkaPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    public static final String USER_REGISTERED = "im.user.UserRegistered";
    public static final String USER_PROFILE_CHANGED = "im.user.UserProfileChanged";
    public static final String CONTACT_ADDED = "im.user.ContactAdded";
    public static final String CONTACT_LEFT = "im.user.ContactLeft";
    public static final String USER_DELETED = "im.user.UserDeleted";

    private final EventEnvelopePublisher publisher;
    private final String topic;

    public UserEventsKafkaPublisher(EventEnvelopePublisher publisher, ImTopics topics) {
        this.publisher = publisher;
        this.topic = topics.userEvents();
    }

    @EventHandler
    void on(UserRegistered event, EventMessage<?> message) {
        publisher.publish(topic, message, USER_REGISTERED, im.proto.events.user.UserRegistered.newBuilder()
                .setUuid(event.uuid())
                .setUsername(event.username())
                .setNickname(event.nickname())
                .setAvatar("")
                .setEmail(event.email())
                .build());
    }

    @EventHandler
    void on(UserProfileChanged event, EventMessage<?> message) {
        publisher.publish(topic, message, USER_PROFILE_CHANGED, im.proto.events.user.UserProfileChanged.newBuilder()
                .setUuid(event.uuid())
                .setUsername(event.username())
                .setNickname(event.nickname())
                .setAvatar(event.avatar())
                .setEmail(event.email())
                .build());
    }

    @EventHandler
    void on(ContactAdded event, EventMessage<?> message) {
        publisher.publish(topic, message, CONTACT_ADDED, im.proto.events.user.ContactAdded.newBuilder()
                .setContactId(event.contactId())
                .setUserUuid(event.userUuid())
                .setContactUuid(event.contactUuid())
                .build());
    }

    @EventHandler
    void on(ContactLeft event, EventMessage<?> message) {
        publisher.publish(topic, message, CONTACT_LEFT, im.proto.events.user.ContactLeft.newBuilder()
                .setContactId(event.contactId())
                .setUserUuid(event.userUuid())
                .setContactUuid(event.contactUuid())
                .setLeftAtMs((event.leftAt() == null ? message.getTimestamp() : event.leftAt()).toEpochMilli())
                .build());
    }

    @EventHandler
    void on(UserDeleted event, EventMessage<?> message) {
        publisher.publish(topic, message, USER_DELETED, im.proto.events.user.UserDeleted.newBuilder()
                .setUuid(event.uuid())
                .setUsername(event.username())
                .setDeletedAtMs((event.deletedAt() == null ? message.getTimestamp() : event.deletedAt())
                        .toEpochMilli())
                .build());
    }
}
