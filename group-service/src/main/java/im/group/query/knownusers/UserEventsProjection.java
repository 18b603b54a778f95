package im.group.query.knownusers;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import im.platform.kafka.ImTopics;
import im.proto.events.EventEnvelope;
import im.proto.events.user.UserProfileChanged;
import im.proto.events.user.UserRegistered;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Feeds {@code known_users} from user-service's public events ({@code im.user.events.v1}, consumer group
 * {@code group-users}). Idempotent: a row keeps the user aggregate's last applied sequence and ignores older or
 * equal ones. Event types this projection does not know are skipped, as are undecodable records (logged without
 * content).
 */
@Component
public class UserEventsProjection {

    private static final Logger log = LoggerFactory.getLogger(UserEventsProjection.class);

    private final KnownUsersRepository users;
    private final ImTopics topics;

    public UserEventsProjection(KnownUsersRepository users, ImTopics topics) {
        this.users = users;
        this.topics = topics;
    }

    public String topicName() {
        return topics.userEvents();
    }

    @KafkaListener(topics = "#{__listener.topicName()}", groupId = "group-users")
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
        KnownUser user;
        if (payload.is(UserRegistered.class)) {
            UserRegistered event = payload.unpack(UserRegistered.class);
            user = new KnownUser(event.getUuid(), event.getUsername(), event.getNickname(), event.getAvatar());
        } else if (payload.is(UserProfileChanged.class)) {
            UserProfileChanged event = payload.unpack(UserProfileChanged.class);
            user = new KnownUser(event.getUuid(), event.getUsername(), event.getNickname(), event.getAvatar());
        } else {
            log.debug("ignoring user event type {}", envelope.getEventType());
            return;
        }
        if (user.uuid().isEmpty()) {
            log.warn("skipping user event {} without a uuid", envelope.getEventId());
            return;
        }
        users.apply(user, sequence);
    }
}
