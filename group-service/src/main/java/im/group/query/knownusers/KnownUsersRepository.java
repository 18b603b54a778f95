package im.group.query.knownusers;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code known_users}. */
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
                .param("username", text(user.username()))
                .param("nickname", text(user.nickname()))
                .param("avatar", text(user.avatar()))
                .param("sequence", sequence)
                .update() > 0;
    }

    public Optional<KnownUser> findByUuid(String uuid) {
        return jdbc.sql("SELECT uuid, username, nickname, avatar FROM known_users WHERE uuid = :uuid")
                .param("uuid", uuid)
                .query(KnownUser.class).optional();
    }

    /** PostgreSQL text refuses NUL; a failing insert would be retried and then skipped, losing the user. */
    private static String text(String value) {
        return value == null ? "" : value.replace("\u0000", "");
    }
}
