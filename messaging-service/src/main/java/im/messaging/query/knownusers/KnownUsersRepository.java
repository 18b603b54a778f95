package im.messaging.query.knownusers;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tables {@code known_users} and {@code known_contacts}. */
@Repository
public class KnownUsersRepository {

    private final JdbcClient jdbc;

    public KnownUsersRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts or replaces a user's profile, unless an event at or after {@code sequence} of the same user was
     * applied already (redelivery, or an older event arriving late).
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

    /** Records a mutual contact (both directions); repeating it changes nothing. */
    public void addContact(String userUuid, String contactUuid) {
        String sql = """
                INSERT INTO known_contacts (owner_uuid, contact_uuid) VALUES (:owner, :contact)
                ON CONFLICT DO NOTHING""";
        jdbc.sql(sql).param("owner", userUuid).param("contact", contactUuid).update();
        jdbc.sql(sql).param("owner", contactUuid).param("contact", userUuid).update();
    }

    public boolean areContacts(String ownerUuid, String contactUuid) {
        return jdbc.sql("SELECT count(*) FROM known_contacts WHERE owner_uuid = :owner AND contact_uuid = :contact")
                .param("owner", ownerUuid).param("contact", contactUuid)
                .query(Long.class).single() > 0;
    }

    public Optional<KnownUser> findByUuid(String uuid) {
        return jdbc.sql("SELECT uuid, username, nickname, avatar FROM known_users WHERE uuid = :uuid")
                .param("uuid", uuid)
                .query(KnownUser.class).optional();
    }

    /** Usernames are unique in user-service; while a rename is in flight, the most recently changed row wins. */
    public Optional<KnownUser> findByUsername(String username) {
        return jdbc.sql("""
                        SELECT uuid, username, nickname, avatar FROM known_users WHERE username = :username
                        ORDER BY last_sequence DESC LIMIT 1""")
                .param("username", username)
                .query(KnownUser.class).optional();
    }

    public Map<String, KnownUser> findByUuids(Collection<String> uuids) {
        Map<String, KnownUser> byUuid = new HashMap<>();
        if (uuids.isEmpty()) {
            return byUuid;
        }
        List<KnownUser> users = jdbc.sql("SELECT uuid, username, nickname, avatar FROM known_users WHERE uuid IN (:uuids)")
                .param("uuids", List.copyOf(uuids))
                .query(KnownUser.class).list();
        users.forEach(user -> byUuid.put(user.uuid(), user));
        return byUuid;
    }
}
