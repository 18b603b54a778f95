package im.user.query.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Queries on {@code user_directory}. A deleted account keeps its row ({@code deleted_at} set) but is skipped by
 * every lookup except {@link #findIncludingDeleted} and {@link #deletedSince}.
 */
@Repository
public class UserDirectory {

    /** The columns {@link #map} reads, on table alias {@code d}. */
    public static final String COLUMNS =
            "d.id, d.uuid, d.username, d.nickname, d.avatar, d.avatar_url, d.email, d.password_hash, d.created_at, "
                    + "d.deleted_at";

    private final JdbcClient jdbc;

    public UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An existing (not deleted) account. */
    public Optional<DirectoryUser> findByUuid(String uuid) {
        return findIncludingDeleted(uuid).filter(user -> !user.deleted());
    }

    public Optional<DirectoryUser> findIncludingDeleted(String uuid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_directory d WHERE d.uuid = :uuid")
                .param("uuid", uuid)
                .query(UserDirectory::map)
                .optional();
    }

    /** Exact, case-sensitive match among existing accounts. */
    public Optional<DirectoryUser> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM user_directory d WHERE d.username = :username AND d.deleted_at IS NULL
                        ORDER BY d.id LIMIT 1""")
                .param("username", username)
                .query(UserDirectory::map)
                .optional();
    }

    /**
     * The hash a login's re-hash replaced (the first since the last real password change), if any: what an import
     * source may still send for the same password.
     */
    public Optional<String> passwordRehashedFrom(String uuid) {
        return jdbc.sql("SELECT password_rehashed_from FROM user_directory WHERE uuid = :uuid")
                .param("uuid", uuid)
                .query(String.class)
                .list().stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** The uuids of accounts deleted at or after {@code since}, oldest deletion first. */
    public List<String> deletedSince(Instant since) {
        return jdbc.sql("SELECT uuid FROM user_directory WHERE deleted_at >= :since ORDER BY deleted_at, id")
                .param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .query(String.class)
                .list();
    }

    public static DirectoryUser map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime deletedAt = rs.getObject("deleted_at", OffsetDateTime.class);
        return new DirectoryUser(rs.getLong("id"), rs.getString("uuid"), rs.getString("username"),
                rs.getString("nickname"), rs.getString("avatar"), rs.getString("avatar_url"), rs.getString("email"),
                rs.getString("password_hash"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                deletedAt == null ? null : deletedAt.toInstant());
    }
}
