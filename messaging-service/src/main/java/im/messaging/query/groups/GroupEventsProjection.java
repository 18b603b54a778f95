package im.messaging.query.groups;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import im.messaging.query.ProjectionWait;
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
 * Groups as messaging sees them: feeds {@code known_groups} and {@code group_members} from group-service's public
 * events ({@code im.group.events.v1}, consumer group {@code messaging-groups}); messaging never calls
 * group-service. Idempotent by the envelope's aggregate sequence per group ({@code known_groups.last_sequence}:
 * older or equal ones are ignored). {@code GroupCreated}: the group and its creator as a member;
 * {@code MemberJoined}: an active member (an earlier leave time stays: it is their history window);
 * {@code MemberLeft}/{@code MemberRemoved}: inactive with {@code left_at} (the last member leaving closes the
 * group); {@code GroupRenamed}: the name; {@code MemberRoleChanged} / {@code OwnershipTransferred}: the roles (moderators
 * may delete any message for everyone). The notice is not needed here (its sequence is recorded).
 * After the commit, the {@link ProjectionWait} forgets its negative answers for the group and the members the event
 * names. Undecodable records are skipped, logged without content.
 */
@Component
public class GroupEventsProjection {

    private static final Logger log = LoggerFactory.getLogger(GroupEventsProjection.class);

    private final GroupsRepository groups;
    private final ProjectionWait projectionWait;
    private final ImTopics topics;

    public GroupEventsProjection(GroupsRepository groups, ProjectionWait projectionWait, ImTopics topics) {
        this.groups = groups;
        this.projectionWait = projectionWait;
        this.topics = topics;
    }

    public String topicName() {
        return topics.groupEvents();
    }

    @KafkaListener(topics = "#{__listener.topicName()}", groupId = "messaging-groups")
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
        try {
            apply(envelope);
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipping group event {} with an undecodable payload", envelope.getEventId());
        }
    }

    void apply(EventEnvelope envelope) throws InvalidProtocolBufferException {
        Any payload = envelope.getPayload();
        if (payload.is(GroupCreated.class)) {
            GroupCreated event = payload.unpack(GroupCreated.class);
            if (claim(envelope, event.getGroupUuid(), event.getCreatorUuid())) {
                groups.name(event.getGroupUuid(), event.getName());
                groups.join(event.getGroupUuid(), event.getCreatorUuid(), time(event.getCreatedAtMs(), envelope),
                        roleOr(event.getRole(), "owner"));
                changed(event.getGroupUuid(), event.getCreatorUuid());
            }
        } else if (payload.is(MemberJoined.class)) {
            MemberJoined event = payload.unpack(MemberJoined.class);
            if (claim(envelope, event.getGroupUuid(), event.getUserUuid())) {
                groups.join(event.getGroupUuid(), event.getUserUuid(), time(event.getJoinedAtMs(), envelope),
                        roleOr(event.getRole(), "member"));
                changed(event.getGroupUuid(), event.getUserUuid());
            }
        } else if (payload.is(MemberLeft.class)) {
            MemberLeft event = payload.unpack(MemberLeft.class);
            if (claim(envelope, event.getGroupUuid(), event.getUserUuid())) {
                groups.leave(event.getGroupUuid(), event.getUserUuid(), time(event.getLeftAtMs(), envelope));
                if (event.getGroupClosed()) {
                    groups.close(event.getGroupUuid());
                }
            }
        } else if (payload.is(MemberRemoved.class)) {
            MemberRemoved event = payload.unpack(MemberRemoved.class);
            if (claim(envelope, event.getGroupUuid(), event.getUserUuid())) {
                groups.leave(event.getGroupUuid(), event.getUserUuid(), time(event.getLeftAtMs(), envelope));
            }
        } else if (payload.is(GroupRenamed.class)) {
            GroupRenamed event = payload.unpack(GroupRenamed.class);
            if (claim(envelope, event.getGroupUuid(), null)) {
                groups.name(event.getGroupUuid(), event.getName());
            }
        } else if (payload.is(MemberRoleChanged.class)) {
            MemberRoleChanged event = payload.unpack(MemberRoleChanged.class);
            if (claim(envelope, event.getGroupUuid(), event.getUserUuid())) {
                groups.role(event.getGroupUuid(), event.getUserUuid(), roleOr(event.getRole(), "member"));
            }
        } else if (payload.is(OwnershipTransferred.class)) {
            OwnershipTransferred event = payload.unpack(OwnershipTransferred.class);
            if (claim(envelope, event.getGroupUuid(), event.getNewOwnerUuid())) {
                groups.role(event.getGroupUuid(), event.getNewOwnerUuid(), roleOr(event.getNewOwnerRole(), "owner"));
                if (!event.getPreviousOwnerUuid().isEmpty()) {
                    groups.role(event.getGroupUuid(), event.getPreviousOwnerUuid(),
                            roleOr(event.getPreviousOwnerRole(), "admin"));
                }
            }
        } else if (payload.is(GroupNoticeChanged.class)) {
            claim(envelope, payload.unpack(GroupNoticeChanged.class).getGroupUuid(), null);
        } else {
            log.debug("ignoring group event type {}", envelope.getEventType());
        }
    }

    /**
     * Whether the event is to be applied: it names its group (and member, where it has one) and is newer than the
     * group's last applied event.
     */
    private boolean claim(EventEnvelope envelope, String groupUuid, String memberUuid) {
        if (groupUuid.isEmpty() || (memberUuid != null && memberUuid.isEmpty())) {
            log.warn("skipping group event {} without its uuids", envelope.getEventId());
            return false;
        }
        if (!groups.claim(groupUuid, envelope.getAggregateSequence())) {
            log.debug("group event {} was applied already", envelope.getEventId());
            return false;
        }
        return true;
    }

    private void changed(String groupUuid, String memberUuid) {
        projectionWait.changedAfterCommit(ProjectionWait.groupKey(groupUuid),
                ProjectionWait.memberKey(groupUuid, memberUuid));
    }

    private static String roleOr(String role, String fallback) {
        return role.isEmpty() ? fallback : role;
    }

    /** The event's own time, else (0: not set) the time it was stored. */
    private static Instant time(long epochMs, EventEnvelope envelope) {
        return Instant.ofEpochMilli(epochMs > 0 ? epochMs : envelope.getTimestampMs());
    }
}
