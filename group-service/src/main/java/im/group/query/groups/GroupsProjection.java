package im.group.query.groups;

import im.group.api.GroupCreated;
import im.group.api.GroupNoticeChanged;
import im.group.api.GroupRenamed;
import im.group.api.MemberJoined;
import im.group.api.MemberLeft;
import im.group.api.MemberRemoved;
import im.group.api.MemberRoleChanged;
import im.group.api.OwnershipTransferred;
import im.group.api.Role;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds {@code groups} and {@code memberships} from the Group events (tracking processor
 * {@value #PROCESSING_GROUP}; one processor for both tables, so a group row and its memberships always agree).
 *
 * <p>Idempotent under redelivery: the group row remembers the aggregate sequence of the last event applied
 * ({@code last_sequence}); every handler first advances it and changes nothing when the event is at or below it.
 * A reset truncates both tables and restarts the id sequences, so a replay hands out the same legacy ids again.
 * Text is stored without NUL (the aggregate refuses control characters; this is the backstop).
 */
@Component
@ProcessingGroup(GroupsProjection.PROCESSING_GROUP)
public class GroupsProjection {

    public static final String PROCESSING_GROUP = "groups";

    private final JdbcClient jdbc;

    public GroupsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(GroupCreated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        int inserted = jdbc.sql("""
                        INSERT INTO groups (uuid, name, notice, creator_uuid, owner_uuid, created_at, last_sequence)
                        VALUES (:uuid, :name, :notice, :creator, :creator, :at, :sequence)
                        ON CONFLICT (uuid) DO NOTHING""")
                .param("uuid", event.groupUuid())
                .param("name", text(event.name()))
                .param("notice", text(event.notice()))
                .param("creator", event.creatorUuid())
                .param("at", utc(at))
                .param("sequence", sequence)
                .update();
        if (inserted > 0) {
            join(event.groupUuid(), event.creatorUuid(), Role.OWNER, at);
        }
    }

    @EventHandler
    void on(MemberJoined event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (advance(event.groupUuid(), sequence)) {
            join(event.groupUuid(), event.userUuid(), Role.MEMBER, at);
        }
    }

    @EventHandler
    void on(MemberLeft event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (advance(event.groupUuid(), sequence)) {
            leave(event.groupUuid(), event.userUuid(), at);
            if (event.groupClosed()) {
                jdbc.sql("UPDATE groups SET owner_uuid = NULL WHERE uuid = :uuid")
                        .param("uuid", event.groupUuid()).update();
            }
        }
    }

    @EventHandler
    void on(MemberRemoved event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (advance(event.groupUuid(), sequence)) {
            leave(event.groupUuid(), event.userUuid(), at);
        }
    }

    @EventHandler
    void on(MemberRoleChanged event, @SequenceNumber long sequence) {
        if (advance(event.groupUuid(), sequence)) {
            role(event.groupUuid(), event.userUuid(), event.role());
        }
    }

    @EventHandler
    void on(OwnershipTransferred event, @SequenceNumber long sequence) {
        if (advance(event.groupUuid(), sequence)) {
            role(event.groupUuid(), event.previousOwnerUuid(), Role.ADMIN);
            role(event.groupUuid(), event.newOwnerUuid(), Role.OWNER);
            jdbc.sql("UPDATE groups SET owner_uuid = :owner WHERE uuid = :uuid")
                    .param("owner", event.newOwnerUuid()).param("uuid", event.groupUuid()).update();
        }
    }

    @EventHandler
    void on(GroupRenamed event, @SequenceNumber long sequence) {
        if (advance(event.groupUuid(), sequence)) {
            jdbc.sql("UPDATE groups SET name = :name WHERE uuid = :uuid")
                    .param("name", text(event.name())).param("uuid", event.groupUuid()).update();
        }
    }

    @EventHandler
    void on(GroupNoticeChanged event, @SequenceNumber long sequence) {
        if (advance(event.groupUuid(), sequence)) {
            jdbc.sql("UPDATE groups SET notice = :notice WHERE uuid = :uuid")
                    .param("notice", text(event.notice())).param("uuid", event.groupUuid()).update();
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE groups, memberships RESTART IDENTITY").update();
    }

    /** Moves the group's {@code last_sequence} to {@code sequence}; false when the event was applied already. */
    private boolean advance(String groupUuid, long sequence) {
        return jdbc.sql("UPDATE groups SET last_sequence = :sequence WHERE uuid = :uuid AND last_sequence < :sequence")
                .param("sequence", sequence).param("uuid", groupUuid).update() > 0;
    }

    private void join(String groupUuid, String userUuid, Role role, Instant at) {
        jdbc.sql("""
                        INSERT INTO memberships (group_uuid, user_uuid, role, joined_at, left_at)
                        VALUES (:group, :user, :role, :at, NULL)
                        ON CONFLICT (group_uuid, user_uuid) DO UPDATE
                           SET role = EXCLUDED.role, joined_at = EXCLUDED.joined_at, left_at = NULL""")
                .param("group", groupUuid).param("user", userUuid).param("role", role.wireName())
                .param("at", utc(at))
                .update();
    }

    private void leave(String groupUuid, String userUuid, Instant at) {
        jdbc.sql("UPDATE memberships SET left_at = :at WHERE group_uuid = :group AND user_uuid = :user")
                .param("at", utc(at)).param("group", groupUuid).param("user", userUuid).update();
    }

    private void role(String groupUuid, String userUuid, Role role) {
        jdbc.sql("UPDATE memberships SET role = :role WHERE group_uuid = :group AND user_uuid = :user")
                .param("role", role.wireName()).param("group", groupUuid).param("user", userUuid).update();
    }

    private static String text(String value) {
        return value == null ? "" : value.replace("\u0000", "");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
