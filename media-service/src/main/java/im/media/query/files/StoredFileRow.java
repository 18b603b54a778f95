package im.media.query.files;

import im.media.api.FileKind;
import java.time.Instant;

/** A row of the {@code files} read model: what a download needs to know about a stored file. */
public record StoredFileRow(
        String name,
        String ownerUuid,
        FileKind kind,
        String mimeType,
        int contentType,
        long size,
        String sha256,
        boolean thumbnail,
        Long durationMs,
        Instant storedAt) {
}
