package im.messaging.query.knownusers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tables {@code known_users} and {@code known_contacts}.
 *
 * <p>Both are idempotent on the source aggregate's sequence: a user row keeps the user aggregate's last applied
 * sequence, a contact row (one per direction) the contact pair's; older or equal ones are ignored.
 */
@Repository
public class KnownUsersRepository {

    private static final String USER_COLUMNS = "uuid, username, nickname, avatar, deleted_at";
    private static final RowMapper<KnownUser> USER = KnownUsersRepository::user;

    private final JdbcClient jdbc;

    public KnownUsersRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static KnownUser user(ResultSet rs, int row) throws SQLException {
        return user(rs, "").orElseThrow();
    }

    /** The user in the columns named {@code <prefix>uuid}, ...; empty where a LEFT JOIN found none. */
    private static Optional<KnownUser> user(ResultSet rs, String prefix) throws SQLException {
        String uuid = rs.getString(prefix + "uuid");
        if (uuid == null) {
            return Optional.empty();
        }
        Timestamp deletedAt = rs.getTimestamp(prefix + "deleted_at");
        return Optional.of(new KnownUser(uuid, rs.getString(prefix + "username"), rs.getString(prefix + "nickname"),
                rs.getString(prefix + "avatar"), deletedAt == null ? null : deletedAt.toInstant()));
    }

    /**
     * Inserts or replaces a user's profile, unless an event at or after {@code sequence} of the same user was
     * applied already (redelivery, or an older event arriving late). A deletion stays.
     *
     * @return whether the row changed
     */
    public boolean apply(KnownUser user, long sequence) {
        return jdbc.sql("""
                        INSERT INTO known_users (uuid, username, nickname, avatar, last_sequence)
                        VALUES (:uuid, :username, :nickname, :avatar, :sequence)
                        ON CONFLICT (uuid) DO UPDATE
                           SET username = EXCLUDED.username, nickname = EXCLUDED.nickname,
                               avatar = EXCLUDED.avatar, last_sequence = EXCLUDED.last_sequence
                         WHERE known_users.last_sequence < EXCLUDED.last_sequence""")
                .param("uuid", user.uuid())
                .param("username", user.username())
                .param("nickname", user.nickname())
                .param("avatar", user.avatar())
                .param("sequence", sequence)
                .update() > 0;
    }

    /**
     * Marks the account deleted (same sequence rule as {@link #apply}); a user not known yet is recorded deleted.
     * The row stays: history still names the sender of old messages, as a deleted account.
     *
     * @return whether the row changed
     */
    public boolean markDeleted(String uuid, String username, Instant deletedAt, long sequence) {
        return jdbc.sql("""
                        INSERT INTO known_users (uuid, username, last_sequence, deleted_at)
                        VALUES (:uuid, :username, :sequence, :deletedAt)
                        ON CONFLICT (uuid) DO UPDATE
                           SET deleted_at = EXCLUDED.deleted_at, last_sequence = EXCLUDED.last_sequence
                         WHERE known_users.last_sequence < EXCLUDED.last_sequence""")
                .param("uuid", uuid)
                .param("username", username)
                .param("sequence", sequence)
                .param("deletedAt", Timestamp.from(deletedAt))
                .update() > 0;
    }

    /**
     * Records a mutual contact: both directions active (a leave time stays: it is the leaver's history window).
     *
     * @param sequence the contact pair's aggregate sequence of the event
     * @return whether a row changed
     */
    public boolean addContact(String userUuid, String contactUuid, long sequence) {
        String sql = """
                INSERT INTO known_contacts (owner_uuid, contact_uuid, active, last_sequence)
                VALUES (:owner, :contact, TRUE, :sequence)
                ON CONFLICT (owner_uuid, contact_uuid) DO UPDATE
                   SET active = TRUE, last_sequence = EXCLUDED.last_sequence
                 WHERE known_contacts.last_sequence < EXCLUDED.last_sequence""";
        int changed = jdbc.sql(sql).param("owner", userUuid).param("contact", contactUuid)
                .param("sequence", sequence).update();
        changed += jdbc.sql(sql).param("owner", contactUuid).param("contact", userUuid)
                .param("sequence", sequence).update();
        return changed > 0;
    }

    /**
     * {@code leaverUuid} left the 1:1 chat with {@code contactUuid}: that direction becomes inactive and its leave
     * time is set (the other direction is unchanged).
     *
     * @return whether the row changed
     */
    public boolean leaveContact(String leaverUuid, String contactUuid, Instant leftAt, long sequence) {
        return jdbc.sql("""
                        INSERT INTO known_contacts (owner_uuid, contact_uuid, active, left_at, last_sequence)
                        VALUES (:owner, :contact, FALSE, :leftAt, :sequence)
                        ON CONFLICT (owner_uuid, contact_uuid) DO UPDATE
                           SET active = FALSE, left_at = EXCLUDED.left_at, last_sequence = EXCLUDED.last_sequence
                         WHERE known_contacts.last_sequence < EXCLUDED.last_sequence""")
                .param("owner", leaverUuid).param("contact", contactUuid)
                .param("leftAt", Timestamp.from(leftAt)).param("sequence", sequence)
                .update() > 0;
    }

    /** Whether {@code ownerUuid} has {@code contactUuid} as an active contact (one direction). */
    public boolean areContacts(String ownerUuid, String contactUuid) {
        return jdbc.sql("""
                        SELECT count(*) FROM known_contacts
                         WHERE owner_uuid = :owner AND contact_uuid = :contact AND active""")
                .param("owner", ownerUuid).param("contact", contactUuid)
                .query(Long.class).single() > 0;
    }

    /** Whether both directions of the pair are active contacts. */
    public boolean areMutualContacts(String a, String b) {
        return jdbc.sql("""
                        SELECT count(*) FROM known_contacts
                         WHERE active AND ((owner_uuid = :a AND contact_uuid = :b)
                                        OR (owner_uuid = :b AND contact_uuid = :a))""")
                .param("a", a).param("b", b)
                .query(Long.class).single() == 2;
    }

    /**
     * {@link #findByUuid} of both parties and {@link #areMutualContacts} of the pair, in one statement (the 1:1
     * message path asks all three for every message).
     */
    public DirectPair directPair(String sender, String recipient) {
        return jdbc.sql("""
                        SELECT s.uuid AS s_uuid, s.username AS s_username, s.nickname AS s_nickname,
                               s.avatar AS s_avatar, s.deleted_at AS s_deleted_at,
                               r.uuid AS r_uuid, r.username AS r_username, r.nickname AS r_nickname,
                               r.avatar AS r_avatar, r.deleted_at AS r_deleted_at,
                               (SELECT count(*) FROM known_contacts
                                 WHERE active AND ((owner_uuid = :a AND contact_uuid = :b)
                                                OR (owner_uuid = :b AND contact_uuid = :a))) AS contacts
                          FROM (SELECT 1) AS one
                          LEFT JOIN known_users s ON s.uuid = :a
                          LEFT JOIN known_users r ON r.uuid = :b""")
                .param("a", sender).param("b", recipient)
                .query((rs, row) -> new DirectPair(user(rs, "s_"), user(rs, "r_"), rs.getLong("contacts") == 2))
                .single();
    }

    /** When {@code ownerUuid} last left the 1:1 chat with {@code contactUuid}; empty if never. */
    public Optional<Instant> contactLeftAt(String ownerUuid, String contactUuid) {
        return jdbc.sql("""
                        SELECT left_at FROM known_contacts
                         WHERE owner_uuid = :owner AND contact_uuid = :contact AND left_at IS NOT NULL""")
                .param("owner", ownerUuid).param("contact", contactUuid)
                .query((rs, row) -> rs.getTimestamp("left_at").toInstant()).optional();
    }

    /** The user, deleted or not. */
    public Optional<KnownUser> findByUuid(String uuid) {
        return jdbc.sql("SELECT " + USER_COLUMNS + " FROM known_users WHERE uuid = :uuid")
                .param("uuid", uuid)
                .query(USER).optional();
    }

    /**
     * The existing (not deleted) user of that name: a deleted account's name may belong to a new account. Usernames
     * are unique in user-service; while a rename is in flight, the most recently changed row wins.
     */
    public Optional<KnownUser> findByUsername(String username) {
        return jdbc.sql("SELECT " + USER_COLUMNS + """
                         FROM known_users WHERE username = :username AND deleted_at IS NULL
                        ORDER BY last_sequence DESC LIMIT 1""")
                .param("username", username)
                .query(USER).optional();
    }

    /** The users, deleted or not. */
    public Map<String, KnownUser> findByUuids(Collection<String> uuids) {
        Map<String, KnownUser> byUuid = new HashMap<>();
        if (uuids.isEmpty()) {
            return byUuid;
        }
        List<KnownUser> users = jdbc.sql("SELECT " + USER_COLUMNS + " FROM known_users WHERE uuid IN (:uuids)")
                .param("uuids", List.copyOf(uuids))
                .query(USER).list();
        users.forEach(user -> byUuid.put(user.uuid(), user));
        return byUuid;
    }
}
