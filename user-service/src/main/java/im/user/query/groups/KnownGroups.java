package im.user.query.groups;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tables {@code known_groups} and {@code known_group_members}, fed by {@link GroupEventsProjection}. */
@Repository
public class KnownGroups {

    private static final long POLL_INTERVAL_MS = 25;

    private final JdbcClient jdbc;

    public KnownGroups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- reads ----

    public Optional<KnownGroup> findByUuid(String uuid) {
        return jdbc.sql("SELECT id, uuid, name, notice, closed FROM known_groups WHERE uuid = :uuid")
                .param("uuid", uuid)
                .query(KnownGroups::group)
                .optional();
    }

    /** The first (oldest) group that is not closed whose name equals {@code name} exactly. */
    public Optional<KnownGroup> findOpenByName(String name) {
        return jdbc.sql("""
                        SELECT id, uuid, name, notice, closed FROM known_groups
                        WHERE name = :name AND NOT closed ORDER BY id LIMIT 1""")
                .param("name", name)
                .query(KnownGroups::group)
                .optional();
    }

    /** The user's current groups in the order they joined them. */
    public List<KnownGroup> groupsOf(String userUuid) {
        return jdbc.sql("""
                        SELECT g.id, g.uuid, g.name, g.notice, g.closed
                        FROM known_group_members m JOIN known_groups g ON g.uuid = m.group_uuid
                        WHERE m.user_uuid = :user AND m.active AND NOT g.closed
                        ORDER BY m.joined_at, m.id""")
                .param("user", userUuid)
                .query(KnownGroups::group)
                .list();
    }

    public Optional<KnownMembership> membership(String groupUuid, String userUuid) {
        return jdbc.sql("""
                        SELECT id, group_uuid, user_uuid, active, joined_at, left_at FROM known_group_members
                        WHERE group_uuid = :group AND user_uuid = :user""")
                .param("group", groupUuid)
                .param("user", userUuid)
                .query((rs, row) -> new KnownMembership(rs.getLong("id"), rs.getString("group_uuid"),
                        rs.getString("user_uuid"), rs.getBoolean("active"), instant(rs, "joined_at"),
                        instant(rs, "left_at")))
                .optional();
    }

    /**
     * Waits up to {@code wait} until the membership is known in the given state (group-service's events arrive over
     * Kafka, a moment after its answer), and answers what is known then.
     */
    public Optional<KnownMembership> awaitMembership(String groupUuid, String userUuid, boolean active,
                                                     Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<KnownMembership> membership = membership(groupUuid, userUuid);
            if (membership.filter(m -> m.active() == active).isPresent() || System.nanoTime() >= deadline) {
                return membership;
            }
            try {
                Thread.sleep(POLL_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return membership;
            }
        }
    }

    // ---- writes (the projection's, in its transaction) ----

    /**
     * Records that the group's event at {@code sequence} is being applied, creating the group row if it is new.
     *
     * @return false if an event at or after that sequence was applied already (redelivery): skip it
     */
    boolean advance(String groupUuid, long sequence) {
        return jdbc.sql("""
                        INSERT INTO known_groups (uuid, last_sequence) VALUES (:uuid, :sequence)
                        ON CONFLICT (uuid) DO UPDATE SET last_sequence = EXCLUDED.last_sequence
                         WHERE known_groups.last_sequence < EXCLUDED.last_sequence""")
                .param("uuid", groupUuid)
                .param("sequence", sequence)
                .update() > 0;
    }

    void describe(String groupUuid, String name, String notice) {
        jdbc.sql("UPDATE known_groups SET name = :name, notice = :notice, closed = FALSE WHERE uuid = :uuid")
                .param("name", text(name))
                .param("notice", text(notice))
                .param("uuid", groupUuid)
                .update();
    }

    void rename(String groupUuid, String name) {
        jdbc.sql("UPDATE known_groups SET name = :name WHERE uuid = :uuid")
                .param("name", text(name))
                .param("uuid", groupUuid)
                .update();
    }

    void changeNotice(String groupUuid, String notice) {
        jdbc.sql("UPDATE known_groups SET notice = :notice WHERE uuid = :uuid")
                .param("notice", text(notice))
                .param("uuid", groupUuid)
                .update();
    }

    void close(String groupUuid) {
        jdbc.sql("UPDATE known_groups SET closed = TRUE WHERE uuid = :uuid").param("uuid", groupUuid).update();
    }

    void join(String groupUuid, String userUuid, Instant joinedAt) {
        if (!usableUserUuid(userUuid)) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO known_group_members (group_uuid, user_uuid, active, joined_at)
                        VALUES (:group, :user, TRUE, :at)
                        ON CONFLICT (group_uuid, user_uuid) DO UPDATE
                           SET active = TRUE, joined_at = EXCLUDED.joined_at, left_at = NULL""")
                .param("group", groupUuid)
                .param("user", userUuid)
                .param("at", utc(joinedAt))
                .update();
    }

    void leave(String groupUuid, String userUuid, Instant leftAt) {
        if (!usableUserUuid(userUuid)) {
            return;
        }
        jdbc.sql("""
                        UPDATE known_group_members SET active = FALSE, left_at = :at
                        WHERE group_uuid = :group AND user_uuid = :user""")
                .param("at", utc(leftAt))
                .param("group", groupUuid)
                .param("user", userUuid)
                .update();
    }

    private static boolean usableUserUuid(String userUuid) {
        return userUuid != null && !userUuid.isEmpty() && userUuid.length() <= 100;
    }

    private static KnownGroup group(ResultSet rs, int row) throws SQLException {
        return new KnownGroup(rs.getLong("id"), rs.getString("uuid"), rs.getString("name"), rs.getString("notice"),
                rs.getBoolean("closed"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** PostgreSQL text refuses NUL; a failing update would be retried and then skipped, losing the event. */
    private static String text(String value) {
        return value == null ? "" : value.replace("\u0000", "");
    }
}
