package im.group.query.knownusers;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code known_users}: users as user-service published them; a deleted account stays as a tombstone. */
@Repository
public class KnownUsersRepository {

    private final JdbcClient jdbc;

    public KnownUsersRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts or replaces a user's profile, unless an event at or after {@code sequence} of the same user was
     * applied already (redelivery, or an older event arriving late). Never undoes a deletion.
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

    /**
     * Marks the user deleted (a tombstone row if the user was never seen). Deletion is final, so it applies
     * whatever the sequence; a user deleted already is left alone.
     *
     * @return whether this call deleted the user (false for a redelivered deletion)
     */
    public boolean markDeleted(String uuid, String username, long sequence, Instant deletedAt) {
        return jdbc.sql("""
                        INSERT INTO known_users (uuid, username, last_sequence, deleted_at)
                        VALUES (:uuid, :username, :sequence, :at)
                        ON CONFLICT (uuid) DO UPDATE
                           SET deleted_at = EXCLUDED.deleted_at,
                               last_sequence = GREATEST(known_users.last_sequence, EXCLUDED.last_sequence)
                         WHERE known_users.deleted_at IS NULL""")
                .param("uuid", uuid)
                .param("username", text(username))
                .param("sequence", sequence)
                .param("at", OffsetDateTime.ofInstant(deletedAt, ZoneOffset.UTC))
                .update() > 0;
    }

    /** A user that exists and was not deleted. */
    public Optional<KnownUser> findByUuid(String uuid) {
        return jdbc.sql("""
                        SELECT uuid, username, nickname, avatar FROM known_users
                         WHERE uuid = :uuid AND deleted_at IS NULL""")
                .param("uuid", uuid)
                .query(KnownUser.class).optional();
    }

    public boolean isDeleted(String uuid) {
        return jdbc.sql("SELECT count(*) FROM known_users WHERE uuid = :uuid AND deleted_at IS NOT NULL")
                .param("uuid", uuid).query(Long.class).single() > 0;
    }

    /** PostgreSQL text refuses NUL; a failing insert would be retried and then skipped, losing the user. */
    private static String text(String value) {
        return value == null ? "" : value.replace("\u0000", "");
    }
}
