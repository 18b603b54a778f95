package im.messaging.query.groups;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tables {@code known_groups} and {@code group_members} (a projection of group-service's events). */
@Repository
public class GroupsRepository {

    private static final RowMapper<GroupMember> MEMBER = GroupsRepository::member;

    private final JdbcClient jdbc;

    public GroupsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static GroupMember member(ResultSet rs, int row) throws SQLException {
        Timestamp leftAt = rs.getTimestamp("left_at");
        return new GroupMember(rs.getString("group_uuid"), rs.getString("user_uuid"), rs.getBoolean("active"),
                rs.getTimestamp("joined_at").toInstant(), leftAt == null ? null : leftAt.toInstant(),
                rs.getString("role"));
    }

    /**
     * Claims the group's event at {@code sequence} for applying: true (and the group's row, created if missing,
     * remembers the sequence) unless an event at or after it was applied already. Locks the row until the
     * transaction ends.
     */
    public boolean claim(String groupUuid, long sequence) {
        return jdbc.sql("""
                        INSERT INTO known_groups (uuid, name, closed, last_sequence) VALUES (:uuid, '', FALSE, :sequence)
                        ON CONFLICT (uuid) DO UPDATE SET last_sequence = EXCLUDED.last_sequence
                         WHERE known_groups.last_sequence < EXCLUDED.last_sequence""")
                .param("uuid", groupUuid).param("sequence", sequence)
                .update() > 0;
    }

    public void name(String groupUuid, String name) {
        jdbc.sql("UPDATE known_groups SET name = :name WHERE uuid = :uuid")
                .param("uuid", groupUuid).param("name", storable(name)).update();
    }

    public void close(String groupUuid) {
        jdbc.sql("UPDATE known_groups SET closed = TRUE WHERE uuid = :uuid").param("uuid", groupUuid).update();
    }

    /** The user is a current member from {@code joinedAt} with {@code role}; an earlier leave time stays. */
    public void join(String groupUuid, String userUuid, Instant joinedAt, String role) {
        jdbc.sql("""
                        INSERT INTO group_members (group_uuid, user_uuid, active, joined_at, role)
                        VALUES (:group, :user, TRUE, :joinedAt, :role)
                        ON CONFLICT (group_uuid, user_uuid) DO UPDATE
                           SET active = TRUE, joined_at = EXCLUDED.joined_at, role = EXCLUDED.role""")
                .param("group", groupUuid).param("user", userUuid).param("joinedAt", Timestamp.from(joinedAt))
                .param("role", storable(role))
                .update();
    }

    /** A member's new role. */
    public void role(String groupUuid, String userUuid, String role) {
        jdbc.sql("UPDATE group_members SET role = :role WHERE group_uuid = :group AND user_uuid = :user")
                .param("group", groupUuid).param("user", userUuid).param("role", storable(role))
                .update();
    }

    /** The user left or was removed at {@code leftAt}. */
    public void leave(String groupUuid, String userUuid, Instant leftAt) {
        jdbc.sql("""
                        INSERT INTO group_members (group_uuid, user_uuid, active, joined_at, left_at)
                        VALUES (:group, :user, FALSE, :leftAt, :leftAt)
                        ON CONFLICT (group_uuid, user_uuid) DO UPDATE SET active = FALSE, left_at = EXCLUDED.left_at""")
                .param("group", groupUuid).param("user", userUuid).param("leftAt", Timestamp.from(leftAt))
                .update();
    }

    /** The group, closed or not. */
    public Optional<KnownGroup> find(String groupUuid) {
        return jdbc.sql("SELECT uuid, name, closed FROM known_groups WHERE uuid = :uuid")
                .param("uuid", groupUuid)
                .query((rs, row) -> new KnownGroup(rs.getString("uuid"), rs.getString("name"), rs.getBoolean("closed")))
                .optional();
    }

    public Optional<GroupMember> membership(String groupUuid, String userUuid) {
        return jdbc.sql("""
                        SELECT group_uuid, user_uuid, active, joined_at, left_at, role FROM group_members
                         WHERE group_uuid = :group AND user_uuid = :user""")
                .param("group", groupUuid).param("user", userUuid)
                .query(MEMBER).optional();
    }

    /** The current members, sorted by uuid. */
    public List<GroupMember> activeMemberships(String groupUuid) {
        return jdbc.sql("""
                        SELECT group_uuid, user_uuid, active, joined_at, left_at, role FROM group_members
                         WHERE group_uuid = :group AND active ORDER BY user_uuid""")
                .param("group", groupUuid)
                .query(MEMBER).list();
    }

    /** The current members' uuids, sorted. */
    public List<String> activeMembers(String groupUuid) {
        return jdbc.sql("""
                        SELECT user_uuid FROM group_members WHERE group_uuid = :group AND active
                         ORDER BY user_uuid""")
                .param("group", groupUuid)
                .query(String.class).list();
    }

    /** U+0000 cannot be stored in a text column; group-service refuses control characters, this is a backstop. */
    private static String storable(String text) {
        return text == null ? "" : text.replace("\u0000", "");
    }
}
