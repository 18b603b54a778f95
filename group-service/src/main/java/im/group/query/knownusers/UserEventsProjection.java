package im.group.query.knownusers;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import im.group.api.AccountDeleted;
import im.platform.kafka.ImTopics;
import im.proto.events.EventEnvelope;
import im.proto.events.user.UserDeleted;
import im.proto.events.user.UserProfileChanged;
import im.proto.events.user.UserRegistered;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventhandling.gateway.EventGateway;
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
 *
 * <p>{@code UserDeleted} marks the user deleted and, when that changed the row (not for a redelivery), appends
 * {@link AccountDeleted} to the event store in the same transaction: the tracking processor
 * {@code account-departures} then takes the account out of its groups. Both commit together or not at all, and
 * the Kafka offset is committed after them, so a deletion is never lost nor handled twice.
 */
@Component
public class UserEventsProjection {

    private static final Logger log = LoggerFactory.getLogger(UserEventsProjection.class);

    private static final int MAX_UUID = 100;
    private static final int MAX_NAME = 255;
    private static final long MAX_MILLIS = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

    private final KnownUsersRepository users;
    private final ImTopics topics;
    private final EventGateway events;

    public UserEventsProjection(KnownUsersRepository users, ImTopics topics, EventGateway events) {
        this.users = users;
        this.topics = topics;
        this.events = events;
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
        } else if (payload.is(UserDeleted.class)) {
            deleted(envelope, payload.unpack(UserDeleted.class));
            return;
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

    private void deleted(EventEnvelope envelope, UserDeleted event) {
        if (event.getUuid().isEmpty() || event.getUuid().length() > MAX_UUID) {
            log.warn("skipping user event {} without a usable uuid", envelope.getEventId());
            return;
        }
        long at = saneMillis(event.getDeletedAtMs()) ? event.getDeletedAtMs()
                : saneMillis(envelope.getTimestampMs()) ? envelope.getTimestampMs() : System.currentTimeMillis();
        // the tombstone of a user never seen keeps the name only if it fits (it is shown nowhere)
        String username = event.getUsername().length() <= MAX_NAME ? event.getUsername() : "";
        if (users.markDeleted(event.getUuid(), username, envelope.getAggregateSequence(),
                Instant.ofEpochMilli(at))) {
            events.publish(new AccountDeleted(event.getUuid()));
        }
    }

    /** Within 1970..9999: anything else would fail the insert on every redelivery and lose the deletion. */
    private static boolean saneMillis(long millis) {
        return millis > 0 && millis < MAX_MILLIS;
    }
}
