package im.media.api;

import java.time.Instant;

/** A file was stored and may be downloaded by its name from now on. Carries no bytes. */
public record FileStored(
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
