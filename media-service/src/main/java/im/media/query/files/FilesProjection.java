package im.media.query.files;

import im.media.api.FileDiscarded;
import im.media.api.FileStored;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds the {@code files} read model from the StoredFile events (tracking processor {@value #PROCESSING_GROUP}).
 * A file has at most two events, in order: {@link FileStored} inserts its row (a redelivery finds it there and
 * changes nothing), {@link FileDiscarded} deletes it. A reset truncates the table; the replay rebuilds it.
 */
@Component
@ProcessingGroup(FilesProjection.PROCESSING_GROUP)
public class FilesProjection {

    public static final String PROCESSING_GROUP = "files";

    private final JdbcClient jdbc;

    public FilesProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(FileStored event) {
        jdbc.sql("""
                        INSERT INTO files (name, owner_uuid, kind, mime_type, content_type, size, sha256, thumbnail,
                                           duration_ms, stored_at)
                        VALUES (:name, :owner, :kind, :mime, :contentType, :size, :sha256, :thumbnail, :duration, :at)
                        ON CONFLICT (name) DO NOTHING""")
                .param("name", event.name())
                .param("owner", event.ownerUuid())
                .param("kind", event.kind().wireName())
                .param("mime", event.mimeType())
                .param("contentType", event.contentType())
                .param("size", event.size())
                .param("sha256", event.sha256())
                .param("thumbnail", event.thumbnail())
                .param("duration", event.durationMs())
                .param("at", OffsetDateTime.ofInstant(event.storedAt(), ZoneOffset.UTC))
                .update();
    }

    @EventHandler
    void on(FileDiscarded event) {
        jdbc.sql("DELETE FROM files WHERE name = :name").param("name", event.name()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE files").update();
    }
}
