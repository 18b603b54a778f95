package im.media.intake;

import im.media.api.DiscardFile;
import im.media.api.FileKind;
import im.media.api.FileNames;
import im.media.api.MediaErrors;
import im.media.api.RegisterFile;
import im.media.config.MediaProperties;
import im.media.inspect.ContentInspector;
import im.media.inspect.Inspection;
import im.media.inspect.LegacyContentType;
import im.media.inspect.ThumbnailMaker;
import im.media.query.files.FilesProjection;
import im.media.storage.FileStore;
import im.media.storage.LogSafe;
import im.media.storage.StorageKeys;
import im.platform.axon.ReadYourWrites;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores an upload, all or nothing. The steps, in this order:
 * <ol>
 *   <li>the bytes stream into a temporary file in {@code im.media.temp-dir}, counted against the largest limit
 *       that could apply (over it: refused, the file deleted at once) and hashed (SHA-256);</li>
 *   <li>the type is detected from the bytes ({@link ContentInspector}), and the limit of that kind applies (an
 *       avatar must be a JPEG, PNG, GIF or WebP picture);</li>
 *   <li>pictures get a thumbnail ({@link ThumbnailMaker}), also in a temporary file;</li>
 *   <li>the file (then its thumbnail) is put into the {@link FileStore} under a fresh random name (atomic there);</li>
 *   <li>{@link RegisterFile} records it: only now is the name in the event store and, a moment later, in the
 *       {@code files} read model that downloads read (the answer waits for it). If the command fails, the objects
 *       are deleted again;</li>
 *   <li>whatever happened, the temporary files are deleted.</li>
 * </ol>
 * So a failure at any step leaves nothing that is served: at worst (a crash between the put and the command) an
 * object that no name in the read model points to. Temporary files a crash left behind are removed at the next
 * start (those older than an hour, so another instance's upload in progress is never touched).
 */
@Component
public class FileIntake {

    /** What an avatar may be (by its bytes): pictures every browser shows. */
    public static final Set<String> AVATAR_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);
    private static final Duration STALE = Duration.ofHours(1);

    private final FileStore store;
    private final ContentInspector inspector;
    private final ThumbnailMaker thumbnails;
    private final MediaCommands commands;
    private final ReadYourWrites readYourWrites;
    private final MediaProperties.Limits limits;
    private final Path tempDir;
    private final MeterRegistry meters;

    public FileIntake(FileStore store, ContentInspector inspector, ThumbnailMaker thumbnails, MediaCommands commands,
                      ReadYourWrites readYourWrites, MediaProperties properties, MeterRegistry meters)
            throws IOException {
        this.store = store;
        this.inspector = inspector;
        this.thumbnails = thumbnails;
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.limits = properties.limits();
        this.tempDir = Files.createDirectories(properties.resolvedTempDir());
        this.meters = meters;
        removeStaleTemporaryFiles();
    }

    /** A file of a chat frame; its limit is that of its kind (image, audio, video, anything else). */
    public StoredFileView storeChatFile(String ownerUuid, InputStream body, String suffix) {
        return store(FileKind.CHAT, ownerUuid, body, suffix, limits.largestChatFile());
    }

    /** A chat file sent as a base64 data URL ({@code data:<type>;base64,<data>}), decoded while it streams in. */
    public StoredFileView storeChatDataUrl(String ownerUuid, InputStream dataUrl, String suffix) {
        InputStream bytes;
        try {
            bytes = DataUrlStream.of(dataUrl);
        } catch (DataUrlStream.BadDataUrl e) {
            throw refused(UploadRefused.badRequest(UploadRefused.BAD_DATA_URL, e.getMessage()));
        } catch (IOException e) {
            throw refused(UploadRefused.badRequest(UploadRefused.UPLOAD_FAILED, "the upload could not be read"));
        }
        return storeChatFile(ownerUuid, bytes, suffix);
    }

    /** An avatar: a JPEG, PNG, GIF or WebP picture of at most the avatar limit. */
    public StoredFileView storeAvatar(String ownerUuid, InputStream body) {
        return store(FileKind.AVATAR, ownerUuid, body, null, limits.avatar().toBytes());
    }

    /**
     * Gives a stored file up ({@link DiscardFile}: its name answers 404 once the read model has it) and deletes its
     * objects. Failures are logged, not thrown: the caller is already answering an error.
     */
    public void discard(StoredFileView file, String reason) {
        try {
            commands.send(new DiscardFile(file.name(), reason));
            readYourWrites.awaitProjections(FilesProjection.PROCESSING_GROUP);
        } catch (RuntimeException e) {
            log.warn("could not discard a stored file: {}", LogSafe.describe(e));
        }
        deleteObjects(file.name(), file.thumbnail());
    }

    private StoredFileView store(FileKind kind, String ownerUuid, InputStream body, String suffix, long spoolLimit) {
        Spool.Spooled spooled = null;
        Path thumbnail = null;
        try {
            spooled = spool(body, spoolLimit);
            if (spooled.size() == 0) {
                throw refused(UploadRefused.badRequest(UploadRefused.EMPTY_FILE, MediaErrors.EMPTY_FILE));
            }
            Inspection inspection = inspect(spooled, suffix);
            check(kind, inspection, spooled.size());

            String name = FileNames.newName(inspection.extension());
            boolean hasThumbnail = false;
            if (inspection.isImage()) {
                thumbnail = temporaryFile("thumb-", ".jpg");
                hasThumbnail = thumbnail != null && thumbnails.make(spooled.file(), thumbnail)
                        && Files.size(thumbnail) > 0;
            }
            put(name, spooled.file(), inspection.mimeType(), hasThumbnail ? thumbnail : null);
            try {
                commands.send(new RegisterFile(name, ownerUuid, kind, inspection.mimeType(),
                        inspection.contentType(), spooled.size(), spooled.sha256(), hasThumbnail,
                        inspection.durationMs()));
            } catch (RuntimeException e) {
                log.warn("registering a stored file failed, its objects are deleted again: {}", LogSafe.describe(e));
                deleteObjects(name, hasThumbnail);
                throw refused(UploadRefused.storageUnavailable());
            }
            String typeTag = typeTag(inspection.contentType());
            Counter.builder("im.media.stored.bytes")
                    .description("bytes of files stored")
                    .baseUnit("bytes")
                    .tag("kind", kind.wireName())
                    .tag("type", typeTag)
                    .register(meters)
                    .increment(spooled.size());
            Counter.builder("im.media.stored.files")
                    .description("files stored")
                    .tag("kind", kind.wireName())
                    .tag("type", typeTag)
                    .register(meters)
                    .increment();
            readYourWrites.awaitProjections(FilesProjection.PROCESSING_GROUP);
            log.debug("stored {} ({} bytes, {})", name, spooled.size(), inspection.mimeType());
            return new StoredFileView(name, inspection.contentType(), inspection.mimeType(), spooled.size(),
                    spooled.sha256(), hasThumbnail, inspection.durationMs());
        } catch (IOException e) {
            log.warn("upload failed: {}", LogSafe.describe(e));
            throw refused(UploadRefused.storageUnavailable());
        } finally {
            if (spooled != null) {
                Spool.deleteQuietly(spooled.file());
            }
            Spool.deleteQuietly(thumbnail);
        }
    }

    private Spool.Spooled spool(InputStream body, long limit) {
        try {
            return Spool.write(body, tempDir, limit, ContentInspector.HEAD_BYTES);
        } catch (UploadRefused e) {
            throw refused(e);
        }
    }

    private Inspection inspect(Spool.Spooled spooled, String suffix) throws IOException {
        return inspector.inspect(spooled.file(), spooled.head(), spooled.headLength(), suffix);
    }

    private void check(FileKind kind, Inspection inspection, long size) {
        if (kind == FileKind.AVATAR) {
            if (!AVATAR_TYPES.contains(inspection.mimeType())) {
                throw refused(UploadRefused.badRequest(UploadRefused.NOT_AN_IMAGE, MediaErrors.AVATAR_NOT_AN_IMAGE));
            }
            return;
        }
        long limit = switch (inspection.contentType()) {
            case LegacyContentType.IMAGE -> limits.image().toBytes();
            case LegacyContentType.AUDIO -> limits.audio().toBytes();
            case LegacyContentType.VIDEO -> limits.video().toBytes();
            default -> limits.file().toBytes();
        };
        if (size > limit) {
            throw refused(UploadRefused.tooLarge(limit));
        }
    }

    /** Puts the file and its thumbnail; if either fails, neither stays. */
    private void put(String name, Path file, String mimeType, Path thumbnail) {
        try {
            store.put(StorageKeys.file(name), file, mimeType);
            if (thumbnail != null) {
                store.put(StorageKeys.thumbnail(name), thumbnail, "image/jpeg");
            }
        } catch (IOException | RuntimeException e) {
            log.warn("storing an upload failed ({}): {}", store.describe(), LogSafe.describe(e));
            deleteObjects(name, thumbnail != null);
            throw refused(UploadRefused.storageUnavailable());
        }
    }

    private void deleteObjects(String name, boolean thumbnail) {
        try {
            store.delete(StorageKeys.file(name));
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete a stored object: {}", LogSafe.describe(e));
        }
        if (thumbnail) {
            try {
                store.delete(StorageKeys.thumbnail(name));
            } catch (IOException | RuntimeException e) {
                log.warn("could not delete a stored thumbnail: {}", LogSafe.describe(e));
            }
        }
    }

    private Path temporaryFile(String prefix, String suffix) {
        try {
            return Files.createTempFile(tempDir, prefix, suffix);
        } catch (IOException e) {
            return null; // no thumbnail then
        }
    }

    private UploadRefused refused(UploadRefused refusal) {
        Counter.builder("im.media.uploads.refused")
                .description("uploads that were not stored, by reason")
                .tag("reason", refusal.code())
                .register(meters)
                .increment();
        return refusal;
    }

    private static String typeTag(int contentType) {
        return switch (contentType) {
            case LegacyContentType.IMAGE -> "image";
            case LegacyContentType.AUDIO -> "audio";
            case LegacyContentType.VIDEO -> "video";
            default -> "file";
        };
    }

    private void removeStaleTemporaryFiles() {
        Instant before = Instant.now().minus(STALE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tempDir, "{upload-,thumb-}*")) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    // next time
                }
            }
        } catch (IOException e) {
            log.warn("could not clean the temporary directory {}: {}", tempDir, e.toString());
        }
    }
}
