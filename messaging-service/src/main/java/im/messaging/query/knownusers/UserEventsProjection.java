package im.messaging.query.knownusers;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import im.platform.kafka.ImTopics;
import im.proto.events.EventEnvelope;
import im.messaging.query.ProjectionWait;
import im.proto.events.user.ContactAdded;
import im.proto.events.user.ContactLeft;
import im.proto.events.user.UserDeleted;
import im.proto.events.user.UserProfileChanged;
import im.proto.events.user.UserRegistered;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Feeds {@code known_users} / {@code known_contacts} from user-service's public events
 * ({@code im.user.events.v1}, consumer group {@code messaging-users}). Idempotent: a user row keeps the user
 * aggregate's last applied sequence, a contact row (per direction) the contact pair's, and older or equal ones are
 * ignored. {@code UserRegistered}/{@code UserProfileChanged}: the profile; {@code UserDeleted}: {@code deleted_at};
 * {@code ContactAdded}: both directions active (a leave time stays); {@code ContactLeft}: the leaver's direction
 * inactive with its {@code left_at}. After the commit, the {@link ProjectionWait} forgets its negative answers for
 * a registered user or an added pair. Event types this projection does not know are skipped, as are undecodable
 * records (logged without content).
 */
@Component
public class UserEventsProjection {

    private static final Logger log = LoggerFactory.getLogger(UserEventsProjection.class);

    private final KnownUsersRepository users;
    private final ProjectionWait projectionWait;
    private final ImTopics topics;

    public UserEventsProjection(KnownUsersRepository users, ProjectionWait projectionWait, ImTopics topics) {
        this.users = users;
        this.projectionWait = projectionWait;
        this.topics = topics;
    }

    public String topicName() {
        return topics.userEvents();
    }

    @KafkaListener(topics = "#{__listener.topicName()}", groupId = "messaging-users")
    @Transactional
    public void on(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.parseFrom(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipping undecodable user event at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        try {
            apply(envelope);
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipping user event {} with an undecodable payload", envelope.getEventId());
        }
    }

    void apply(EventEnvelope envelope) throws InvalidProtocolBufferException {
        Any payload = envelope.getPayload();
        long sequence = envelope.getAggregateSequence();
        if (payload.is(UserRegistered.class)) {
            UserRegistered event = payload.unpack(UserRegistered.class);
            if (event.getUuid().isEmpty()) {
                log.warn("skipping user event {} without a uuid", envelope.getEventId());
                return;
            }
            users.apply(new KnownUser(event.getUuid(), event.getUsername(), event.getNickname(), event.getAvatar()),
                    sequence);
            projectionWait.changedAfterCommit(ProjectionWait.userKey(event.getUuid()));
        } else if (payload.is(UserProfileChanged.class)) {
            UserProfileChanged event = payload.unpack(UserProfileChanged.class);
            if (event.getUuid().isEmpty()) {
                log.warn("skipping user event {} without a uuid", envelope.getEventId());
                return;
            }
            users.apply(new KnownUser(event.getUuid(), event.getUsername(), event.getNickname(), event.getAvatar()),
                    sequence);
        } else if (payload.is(ContactAdded.class)) {
            ContactAdded event = payload.unpack(ContactAdded.class);
            if (event.getUserUuid().isEmpty() || event.getContactUuid().isEmpty()) {
                log.warn("skipping user event {} without both uuids", envelope.getEventId());
                return;
            }
            users.addContact(event.getUserUuid(), event.getContactUuid(), sequence);
            projectionWait.changedAfterCommit(ProjectionWait.contactKey(event.getUserUuid(), event.getContactUuid()));
        } else if (payload.is(ContactLeft.class)) {
            ContactLeft event = payload.unpack(ContactLeft.class);
            if (event.getUserUuid().isEmpty() || event.getContactUuid().isEmpty()) {
                log.warn("skipping user event {} without both uuids", envelope.getEventId());
                return;
            }
            users.leaveContact(event.getUserUuid(), event.getContactUuid(),
                    time(event.getLeftAtMs(), envelope), sequence);
        } else if (payload.is(UserDeleted.class)) {
            UserDeleted event = payload.unpack(UserDeleted.class);
            if (event.getUuid().isEmpty()) {
                log.warn("skipping user event {} without a uuid", envelope.getEventId());
                return;
            }
            users.markDeleted(event.getUuid(), event.getUsername(), time(event.getDeletedAtMs(), envelope), sequence);
        } else {
            log.debug("ignoring user event type {}", envelope.getEventType());
        }
    }

    /** The event's own time, else (0: not set) the time it was stored. */
    private static Instant time(long epochMs, EventEnvelope envelope) {
        return Instant.ofEpochMilli(epochMs > 0 ? epochMs : envelope.getTimestampMs());
    }
}
