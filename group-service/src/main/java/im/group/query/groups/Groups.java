package im.group.query.groups;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Queries on {@code groups} and {@code memberships}, joined to {@code known_users} for names and avatars. Deleted
 * accounts never appear as members (even in the moment before their departure is processed), and a deleted
 * creator's name is empty (the name is free for someone else now).
 */
@Repository
public class Groups {

    private static final String GROUP = """
            SELECT g.id, g.uuid, g.name, g.notice, g.creator_uuid,
                   CASE WHEN u.deleted_at IS NULL THEN COALESCE(u.username, '') ELSE '' END AS creator,
                   g.owner_uuid, g.created_at
            FROM groups g LEFT JOIN known_users u ON u.uuid = g.creator_uuid""";
    private static final String MEMBER = """
            SELECT m.id, m.group_uuid, m.user_uuid, m.role, m.joined_at, m.left_at,
                   COALESCE(u.username, '') AS username, COALESCE(u.nickname, '') AS nickname,
                   COALESCE(u.avatar, '') AS avatar
            FROM memberships m LEFT JOIN known_users u ON u.uuid = m.user_uuid""";

    private final JdbcClient jdbc;

    public Groups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<GroupRow> findByUuid(String groupUuid) {
        return jdbc.sql(GROUP + " WHERE g.uuid = :uuid").param("uuid", groupUuid).query(GroupRow.class).optional();
    }

    /** The groups the user is a current member of, in the order they joined. */
    public List<GroupRow> groupsOf(String userUuid) {
        return jdbc.sql(GROUP + """
                         JOIN memberships m ON m.group_uuid = g.uuid
                        WHERE m.user_uuid = :user AND m.left_at IS NULL
                        ORDER BY m.joined_at, g.id""")
                .param("user", userUuid).query(GroupRow.class).list();
    }

    /** Current members, the owner first, then admins, then members, each in joining order. */
    public List<MemberRow> membersOf(String groupUuid) {
        return jdbc.sql(MEMBER + """
                         WHERE m.group_uuid = :group AND m.left_at IS NULL AND u.deleted_at IS NULL
                        ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, m.joined_at, m.id""")
                .param("group", groupUuid).query(MemberRow.class).list();
    }

    /** The groups the user is a current member of, by id only (deleted accounts included). */
    public List<String> currentGroupUuidsOf(String userUuid) {
        return jdbc.sql("SELECT group_uuid FROM memberships WHERE user_uuid = :user AND left_at IS NULL ORDER BY id")
                .param("user", userUuid).query(String.class).list();
    }

    /** The user's membership row, current or past. */
    public Optional<MemberRow> membership(String groupUuid, String userUuid) {
        return jdbc.sql(MEMBER + " WHERE m.group_uuid = :group AND m.user_uuid = :user")
                .param("group", groupUuid).param("user", userUuid).query(MemberRow.class).optional();
    }

    public boolean isMember(String groupUuid, String userUuid) {
        return membership(groupUuid, userUuid).map(row -> row.leftAt() == null).orElse(false);
    }
}
