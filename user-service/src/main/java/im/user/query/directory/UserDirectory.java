package im.user.query.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Queries on {@code user_directory}. */
@Repository
public class UserDirectory {

    static final String COLUMNS = "d.id, d.uuid, d.username, d.nickname, d.avatar, d.email, d.password_hash, d.created_at";

    private final JdbcClient jdbc;

    public UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<DirectoryUser> findByUuid(String uuid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_directory d WHERE d.uuid = :uuid")
                .param("uuid", uuid)
                .query(UserDirectory::map)
                .optional();
    }

    /** Exact, case-sensitive match. */
    public Optional<DirectoryUser> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_directory d WHERE d.username = :username ORDER BY d.id LIMIT 1")
                .param("username", username)
                .query(UserDirectory::map)
                .optional();
    }

    public static DirectoryUser map(ResultSet rs, int row) throws SQLException {
        return new DirectoryUser(rs.getLong("id"), rs.getString("uuid"), rs.getString("username"),
                rs.getString("nickname"), rs.getString("avatar"), rs.getString("email"),
                rs.getString("password_hash"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
