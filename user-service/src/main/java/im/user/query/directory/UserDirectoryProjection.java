package im.user.query.directory;

import im.user.api.UserAvatarUrlChanged;
import im.user.api.UserDeleted;
import im.user.api.UserPasswordChanged;
import im.user.api.UserPasswordRehashed;
import im.user.api.UserProfileChanged;
import im.user.api.UserRegistered;
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
 * Builds {@code user_directory} from the User events (tracking processor {@value #PROCESSING_GROUP}).
 *
 * <p>Idempotent under redelivery: a row remembers the aggregate sequence of the last event applied to it
 * ({@code last_sequence}), and an event at or below it changes nothing. A reset truncates the table and restarts
 * the id sequence, so a replay hands out the same legacy ids again (events replay in their original order).
 *
 * <p>A deleted account keeps its row with {@code deleted_at} set (lookups skip it; its username may be taken by a
 * new account at once).
 *
 * <p>Text fields are stored without NUL characters: PostgreSQL text refuses them, and since handler failures
 * propagate (retried forever), one such event would otherwise stall the directory. The web layer refuses control
 * characters; this is the backstop for events already stored.
 */
@Component
@ProcessingGroup(UserDirectoryProjection.PROCESSING_GROUP)
public class UserDirectoryProjection {

    public static final String PROCESSING_GROUP = "user-directory";

    private final JdbcClient jdbc;

    public UserDirectoryProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserRegistered event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        INSERT INTO user_directory (uuid, username, nickname, avatar, email, password_hash,
                                                    created_at, updated_at, last_sequence)
                        VALUES (:uuid, :username, :nickname, '', :email, :hash, :at, :at, :sequence)
                        ON CONFLICT (uuid) DO NOTHING""")
                .param("uuid", event.uuid())
                .param("username", text(event.username()))
                .param("nickname", text(event.nickname()))
                .param("email", text(event.email()))
                .param("hash", event.passwordHash())
                .param("at", utc(at))
                .param("sequence", sequence)
                .update();
    }

    @EventHandler
    void on(UserProfileChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        UPDATE user_directory
                        SET username = :username, nickname = :nickname, email = :email, avatar = :avatar,
                            updated_at = :at, last_sequence = :sequence
                        WHERE uuid = :uuid AND last_sequence < :sequence""")
                .param("username", text(event.username()))
                .param("nickname", text(event.nickname()))
                .param("email", text(event.email()))
                .param("avatar", text(event.avatar()))
                .param("at", utc(at))
                .param("sequence", sequence)
                .param("uuid", event.uuid())
                .update();
    }

    @EventHandler
    void on(UserAvatarUrlChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        UPDATE user_directory SET avatar_url = :avatarUrl, updated_at = :at, last_sequence = :sequence
                        WHERE uuid = :uuid AND last_sequence < :sequence""")
                .param("avatarUrl", event.avatarUrl() == null ? "" : text(event.avatarUrl()))
                .param("at", utc(at))
                .param("sequence", sequence)
                .param("uuid", event.uuid())
                .update();
    }

    @EventHandler
    void on(UserPasswordChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        UPDATE user_directory SET password_hash = :hash, password_rehashed_from = NULL,
                                                  updated_at = :at, last_sequence = :sequence
                        WHERE uuid = :uuid AND last_sequence < :sequence""")
                .param("hash", event.passwordHash())
                .param("at", utc(at))
                .param("sequence", sequence)
                .param("uuid", event.uuid())
                .update();
    }

    /** Keeps the hash the first re-hash replaced (the right-hand sides read the row as it was). */
    @EventHandler
    void on(UserPasswordRehashed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        UPDATE user_directory
                        SET password_rehashed_from = COALESCE(password_rehashed_from, password_hash),
                            password_hash = :hash, updated_at = :at, last_sequence = :sequence
                        WHERE uuid = :uuid AND last_sequence < :sequence""")
                .param("hash", event.passwordHash())
                .param("at", utc(at))
                .param("sequence", sequence)
                .param("uuid", event.uuid())
                .update();
    }

    @EventHandler
    void on(UserDeleted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        UPDATE user_directory SET deleted_at = :deletedAt, updated_at = :at, last_sequence = :sequence
                        WHERE uuid = :uuid AND last_sequence < :sequence""")
                .param("deletedAt", utc(event.deletedAt() == null ? at : event.deletedAt()))
                .param("at", utc(at))
                .param("sequence", sequence)
                .param("uuid", event.uuid())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE user_directory RESTART IDENTITY").update();
    }

    private static String text(String value) {
        return value == null ? null : value.replace("\u0000", "");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
