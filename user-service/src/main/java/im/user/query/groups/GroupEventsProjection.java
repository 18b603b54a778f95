package im.user.query.groups;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import im.platform.kafka.ImTopics;
import im.proto.events.EventEnvelope;
import im.proto.events.group.GroupCreated;
import im.proto.events.group.GroupNoticeChanged;
import im.proto.events.group.GroupRenamed;
import im.proto.events.group.MemberJoined;
import im.proto.events.group.MemberLeft;
import im.proto.events.group.MemberRemoved;
import im.proto.events.group.MemberRoleChanged;
import im.proto.events.group.OwnershipTransferred;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Feeds {@code known_groups} and {@code known_group_members} from group-service's public events
 * ({@code im.group.events.v1}, consumer group {@value #CONSUMER_GROUP}), one record per transaction. Idempotent:
 * the group row keeps the Group aggregate's last applied sequence and an event at or below it changes nothing.
 * Roles are not kept (user-service only needs who is a member). Event types it does not know are skipped, as are
 * undecodable records (logged without content).
 */
@Component
public class GroupEventsProjection {

    public static final String CONSUMER_GROUP = "user-groups";

    private static final Logger log = LoggerFactory.getLogger(GroupEventsProjection.class);

    /** One decoded event: the group it belongs to and what it changes. */
    private record Change(String groupUuid, Effect effect) {
    }

    @FunctionalInterface
    private interface Effect {
        void applyTo(KnownGroups groups);
    }

    private final KnownGroups groups;
    private final ImTopics topics;

    public GroupEventsProjection(KnownGroups groups, ImTopics topics) {
        this.groups = groups;
        this.topics = topics;
    }

    public String topicName() {
        return topics.groupEvents();
    }

    @KafkaListener(topics = "#{__listener.topicName()}", groupId = CONSUMER_GROUP)
    @Transactional
    public void on(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.parseFrom(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipping undecodable group event at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        Change change;
        try {
            change = decode(envelope);
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipping group event {} with an undecodable payload", envelope.getEventId());
            return;
        }
        if (change == null) {
            log.debug("ignoring group event type {}", envelope.getEventType());
            return;
        }
        if (change.groupUuid().isEmpty() || change.groupUuid().length() > 64) {
            log.warn("skipping group event {} without a usable group uuid", envelope.getEventId());
            return;
        }
        if (groups.advance(change.groupUuid(), envelope.getAggregateSequence())) {
            change.effect().applyTo(groups);
        }
    }

    private static Change decode(EventEnvelope envelope) throws InvalidProtocolBufferException {
        Any payload = envelope.getPayload();
        Instant eventTime = Instant.ofEpochMilli(envelope.getTimestampMs());
        if (payload.is(GroupCreated.class)) {
            GroupCreated event = payload.unpack(GroupCreated.class);
            String group = event.getGroupUuid();
            Instant at = time(event.getCreatedAtMs(), eventTime);
            return new Change(group, groups -> {
                groups.describe(group, event.getName(), event.getNotice());
                if (!event.getCreatorUuid().isEmpty()) {
                    groups.join(group, event.getCreatorUuid(), at);
                }
            });
        }
        if (payload.is(MemberJoined.class)) {
            MemberJoined event = payload.unpack(MemberJoined.class);
            return new Change(event.getGroupUuid(), groups -> groups.join(event.getGroupUuid(), event.getUserUuid(),
                    time(event.getJoinedAtMs(), eventTime)));
        }
        if (payload.is(MemberLeft.class)) {
            MemberLeft event = payload.unpack(MemberLeft.class);
            return new Change(event.getGroupUuid(), groups -> {
                groups.leave(event.getGroupUuid(), event.getUserUuid(), time(event.getLeftAtMs(), eventTime));
                if (event.getGroupClosed()) {
                    groups.close(event.getGroupUuid());
                }
            });
        }
        if (payload.is(MemberRemoved.class)) {
            MemberRemoved event = payload.unpack(MemberRemoved.class);
            return new Change(event.getGroupUuid(), groups -> groups.leave(event.getGroupUuid(), event.getUserUuid(),
                    time(event.getLeftAtMs(), eventTime)));
        }
        if (payload.is(GroupRenamed.class)) {
            GroupRenamed event = payload.unpack(GroupRenamed.class);
            return new Change(event.getGroupUuid(), groups -> groups.rename(event.getGroupUuid(), event.getName()));
        }
        if (payload.is(GroupNoticeChanged.class)) {
            GroupNoticeChanged event = payload.unpack(GroupNoticeChanged.class);
            return new Change(event.getGroupUuid(),
                    groups -> groups.changeNotice(event.getGroupUuid(), event.getNotice()));
        }
        if (payload.is(MemberRoleChanged.class)) {
            return new Change(payload.unpack(MemberRoleChanged.class).getGroupUuid(), groups -> { });
        }
        if (payload.is(OwnershipTransferred.class)) {
            return new Change(payload.unpack(OwnershipTransferred.class).getGroupUuid(), groups -> { });
        }
        return null;
    }

    /** The event's own time in the payload, or the envelope's when the payload has none. */
    private static Instant time(long epochMs, Instant fallback) {
        return epochMs > 0 ? Instant.ofEpochMilli(epochMs) : fallback;
    }
}
