package im.media.query.files;

import im.media.api.FileKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Queries on the {@code files} read model. */
@Repository
public class Files {

    private final JdbcClient jdbc;

    public Files(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredFileRow> find(String name) {
        return jdbc.sql("""
                        SELECT name, owner_uuid, kind, mime_type, content_type, size, sha256, thumbnail, duration_ms,
                               stored_at
                          FROM files WHERE name = :name""")
                .param("name", name)
                .query(Files::map)
                .optional();
    }

    private static StoredFileRow map(ResultSet rs, int row) throws SQLException {
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        return new StoredFileRow(rs.getString("name"), rs.getString("owner_uuid"),
                FileKind.fromWireName(rs.getString("kind")), rs.getString("mime_type"), rs.getInt("content_type"),
                rs.getLong("size"), rs.getString("sha256"), rs.getBoolean("thumbnail"), durationMs,
                rs.getObject("stored_at", OffsetDateTime.class).toInstant());
    }
}
