package im.media.web;

import im.media.api.FileNames;
import im.media.api.MediaErrors;
import im.media.config.MediaConfig;
import im.media.config.MediaProperties;
import im.media.inspect.LegacyContentType;
import im.media.intake.FileIntake;
import im.media.intake.StoredFileView;
import im.media.intake.UploadRefused;
import im.media.query.files.Files;
import im.media.query.files.StoredFileRow;
import im.media.storage.FileStore;
import im.media.storage.LogSafe;
import im.media.storage.StorageKeys;
import im.media.userservice.UserServiceClient;
import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.platform.web.LegacyResponse;
import im.platform.web.LegacyWebProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;

/**
 * The legacy file routes: {@code POST /file} (avatar upload) and {@code GET /file/{name}} (download), plus
 * {@code GET /file/{name}/thumbnail} and {@code GET /file/{name}/info}.
 *
 * <p>Downloads need no token (the stock client's media tags cannot send one): anyone with a name may read it,
 * names being random and never listed. A name that does not have the stored-name shape is refused before any
 * lookup (400 {@code invalid file name}); a name not in the {@code files} read model is 404 {@code file not found}
 * whatever is in storage. Every answer is immutable ({@code Cache-Control: public, max-age=31536000, immutable},
 * {@code ETag} = the SHA-256), never sniffed ({@code nosniff}), and anything but a picture, a sound or a video is an
 * attachment in a CSP sandbox, so uploaded HTML or SVG can never run in the site's origin.
 *
 * <p>Ranges: one range per request ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) is answered 206 with
 * {@code Content-Range}; a range that starts at or after the end is 416 with {@code Content-Range: bytes *}{@code
 * /size}; several ranges, a malformed header or an {@code If-Range} that is not the current ETag get the whole file
 * (200), which HTTP allows. Only the requested bytes are read from storage (for S3 a ranged GET).
 */
@RestController
public class LegacyFileController {

    static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

    private static final Logger log = LoggerFactory.getLogger(LegacyFileController.class);
    private static final int MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024;

    /** {@code GET /file/{name}/info}: the public facts of a stored file (never its owner). */
    record FileInfo(String name, String mimeType, int contentType, long size, boolean thumbnail, Long durationMs,
                    Instant createdAt) {
        static FileInfo of(StoredFileRow row) {
            return new FileInfo(row.name(), row.mimeType(), row.contentType(), row.size(), row.thumbnail(),
                    row.durationMs(), row.storedAt());
        }
    }

    /** A refusal of a file route with its own HTTP status (not the configured business-error status). */
    static final class FileRouteError extends RuntimeException {
        final HttpStatus status;

        FileRouteError(HttpStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final Files files;
    private final FileStore store;
    private final FileIntake intake;
    private final UserServiceClient userService;
    private final long maxAvatarBytes;
    private final int businessStatus;

    public LegacyFileController(Files files, FileStore store, FileIntake intake, UserServiceClient userService,
                                MediaProperties properties, LegacyWebProperties legacy) {
        this.files = files;
        this.store = store;
        this.intake = intake;
        this.userService = userService;
        this.maxAvatarBytes = properties.limits().avatar().toBytes();
        this.businessStatus = legacy.businessErrorStatus();
    }

    /**
     * Avatar upload (go-chat-web's UserInfo): multipart {@code file} and {@code uuid} (must be the caller). Stores the
     * picture, then has user-service change the avatar; if user-service refuses or cannot be reached, the stored
     * file is discarded again. Answers the stored name as {@code data}.
     */
    @PostMapping(MediaConfig.AVATAR_PATH)
    LegacyResponse<String> uploadAvatar(Caller caller, @RequestParam("uuid") String uuid,
                                        @RequestPart(name = "file", required = false) MultipartFile file)
            throws IOException {
        caller.requireSelf(uuid);
        if (file == null || file.isEmpty()) {
            throw ApiException.business(MediaErrors.FILE_REQUIRED);
        }
        if (file.getSize() > maxAvatarBytes) {
            throw new ApiException(ApiException.Kind.TOO_LARGE, MediaErrors.tooLarge(maxAvatarBytes));
        }
        StoredFileView stored;
        try (InputStream body = file.getInputStream()) {
            stored = intake.storeAvatar(caller.uuid(), body);
        }
        try {
            userService.changeAvatar(uuid, stored.name());
        } catch (UserServiceClient.Refused e) {
            intake.discard(stored, "avatar_refused");
            throw ApiException.business(e.getMessage());
        } catch (RuntimeException e) {
            intake.discard(stored, "avatar_not_applied");
            throw new FileRouteError(HttpStatus.SERVICE_UNAVAILABLE, MediaErrors.USER_SERVICE_UNAVAILABLE);
        }
        return LegacyResponse.ok(stored.name());
    }

    @GetMapping("/file/{name}")
    void download(@PathVariable String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        StoredFileRow file = existing(name);
        String etag = "\"" + file.sha256() + "\"";
        if (notModified(request, response, etag)) {
            return;
        }
        long size = file.size();
        long start = 0;
        long length = size;
        HttpRange range = singleRange(request, etag);
        if (range != null) {
            start = range.getRangeStart(size);
            if (start >= size) {
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                throw new FileRouteError(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range not satisfiable");
            }
            length = Math.min(range.getRangeEnd(size), size - 1) - start + 1;
        }
        boolean head = "HEAD".equals(request.getMethod());
        InputStream bytes = head ? InputStream.nullInputStream() : open(StorageKeys.file(file.name()), start, length);
        try (bytes) {
            cacheHeaders(response, etag);
            response.setContentType(file.mimeType());
            if (!inline(file)) {
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.name() + "\"");
                response.setHeader("Content-Security-Policy", "sandbox");
            }
            if (range != null) {
                response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
                response.setHeader(HttpHeaders.CONTENT_RANGE,
                        "bytes " + start + "-" + (start + length - 1) + "/" + size);
            }
            response.setContentLengthLong(length);
            if (!head) {
                bytes.transferTo(response.getOutputStream());
            }
        }
    }

    @GetMapping("/file/{name}/thumbnail")
    void thumbnail(@PathVariable String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        StoredFileRow file = existing(name);
        if (!file.thumbnail()) {
            throw new FileRouteError(HttpStatus.NOT_FOUND, "thumbnail not found");
        }
        String etag = "\"thumb-" + file.sha256() + "\"";
        if (notModified(request, response, etag)) {
            return;
        }
        byte[] jpeg;
        try (InputStream bytes = open(StorageKeys.thumbnail(file.name()), 0, -1)) {
            jpeg = bytes.readNBytes(MAX_THUMBNAIL_BYTES);
        }
        cacheHeaders(response, etag);
        response.setContentType("image/jpeg");
        response.setContentLength(jpeg.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(jpeg);
        }
    }

    @GetMapping("/file/{name}/info")
    LegacyResponse<FileInfo> info(@PathVariable String name) {
        return LegacyResponse.ok(FileInfo.of(existing(name)));
    }

    /**
     * A refused avatar: too large 413, storage 503, anything else a business error (the configured status, as every
     * legacy business error), all in the legacy envelope.
     */
    @ExceptionHandler(UploadRefused.class)
    ResponseEntity<LegacyResponse<Void>> refused(UploadRefused refused) {
        int status = refused.status() == 413 || refused.status() >= 500 ? refused.status() : businessStatus;
        return ResponseEntity.status(status).body(LegacyResponse.error(refused.getMessage()));
    }

    @ExceptionHandler(FileRouteError.class)
    ResponseEntity<LegacyResponse<Void>> fileRoute(FileRouteError error) {
        return ResponseEntity.status(error.status).body(LegacyResponse.error(error.getMessage()));
    }

    /**
     * A multipart body larger than the avatar limit + 64 KiB (also a chunked one, which declares no length): 413 like
     * any avatar over the limit. Tomcat stops reading at that size.
     */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<LegacyResponse<Void>> multipartTooLarge(MaxUploadSizeExceededException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(LegacyResponse.error(MediaErrors.tooLarge(maxAvatarBytes)));
    }

    /** A multipart body that cannot be parsed (cut off, over the body limit while streaming). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<LegacyResponse<Void>> multipart(MultipartException e) {
        return ResponseEntity.badRequest().body(LegacyResponse.error("malformed upload"));
    }

    private StoredFileRow existing(String name) {
        if (!FileNames.isValid(name)) {
            throw new FileRouteError(HttpStatus.BAD_REQUEST, MediaErrors.INVALID_FILE_NAME);
        }
        return files.find(name).orElseThrow(() -> new FileRouteError(HttpStatus.NOT_FOUND, MediaErrors.FILE_NOT_FOUND));
    }

    private InputStream open(String key, long offset, long length) {
        try {
            return store.open(key, offset, length);
        } catch (NoSuchFileException e) {
            log.warn("a stored file's bytes are missing from {}", store.describe());
            throw new FileRouteError(HttpStatus.NOT_FOUND, MediaErrors.FILE_NOT_FOUND);
        } catch (IOException e) {
            log.warn("reading a stored file failed: {}", LogSafe.describe(e));
            throw new FileRouteError(HttpStatus.SERVICE_UNAVAILABLE, MediaErrors.STORAGE_UNAVAILABLE);
        }
    }

    private static boolean inline(StoredFileRow file) {
        int type = LegacyContentType.of(file.mimeType());
        return type == LegacyContentType.IMAGE || type == LegacyContentType.AUDIO || type == LegacyContentType.VIDEO;
    }

    /** The headers of an answer with the file's bytes (or 304): never on an error, which must not be cached. */
    private static void cacheHeaders(HttpServletResponse response, String etag) {
        response.setHeader(HttpHeaders.ETAG, etag);
        response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    }

    /** {@code If-None-Match} naming the current ETag (or {@code *}): 304 without a body. */
    private static boolean notModified(HttpServletRequest request, HttpServletResponse response, String etag) {
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                cacheHeaders(response, etag);
                response.setStatus(HttpStatus.NOT_MODIFIED.value());
                return true;
            }
        }
        return false;
    }

    /** The one range to answer, or null for the whole file. */
    private static HttpRange singleRange(HttpServletRequest request, String etag) {
        String header = request.getHeader(HttpHeaders.RANGE);
        if (header == null) {
            return null;
        }
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        if (ifRange != null && !ifRange.trim().equals(etag)) {
            return null;
        }
        try {
            List<HttpRange> ranges = HttpRange.parseRanges(header);
            return ranges.size() == 1 ? ranges.get(0) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
