package im.media.web;

import im.media.config.MediaConfig;
import im.media.config.MediaProperties;
import im.media.intake.FileIntake;
import im.media.intake.StoredFileView;
import im.media.intake.UploadRefused;
import im.platform.web.ApiException;
import im.platform.web.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/v1/chat-files}: the gateway hands over the file of a chat frame before the frame goes on
 * (never routed from outside; plain JSON, no legacy envelope). The caller ({@code X-IM-User-Id}) is the frame's
 * sender and becomes the file's owner.
 *
 * <p>Body: the raw bytes ({@code source=frame}) or a base64 data URL ({@code source=data-url}), bounded by the
 * largest chat-file limit (a data URL by its base64 length); a declared {@code Content-Length} over it is refused
 * before anything is read. {@code suffix}: the frame's {@code fileSuffix}, only a hint for bytes nobody recognises.
 * Answers 201 with the stored file; refusals are {@code {code, detail[, maxBytes]}} (see docs/media.md).
 */
@RestController
public class InternalChatFileController {

    private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9]{1,16}");

    private final FileIntake intake;
    private final long maxBytes;

    public InternalChatFileController(FileIntake intake, MediaProperties properties) {
        this.intake = intake;
        this.maxBytes = properties.limits().largestChatFile();
    }

    @PostMapping(MediaConfig.CHAT_FILES_PATH)
    ResponseEntity<StoredFileView> upload(Caller caller,
                                          @RequestParam(name = "source", defaultValue = "frame") String source,
                                          @RequestParam(name = "suffix", required = false) String suffix,
                                          HttpServletRequest request) throws IOException {
        if (suffix != null && !suffix.isEmpty() && !SUFFIX.matcher(suffix).matches()) {
            throw UploadRefused.badRequest(UploadRefused.BAD_SUFFIX, "suffix must be 1 to 16 letters or digits");
        }
        boolean dataUrl = switch (source.toLowerCase(Locale.ROOT)) {
            case "frame" -> false;
            case "data-url" -> true;
            default -> throw UploadRefused.badRequest(UploadRefused.BAD_SOURCE, "source must be frame or data-url");
        };
        long declared = request.getContentLengthLong();
        long bound = dataUrl ? MediaConfig.dataUrlBound(maxBytes) : maxBytes;
        if (declared > bound) {
            throw UploadRefused.tooLarge(maxBytes);
        }
        InputStream body = request.getInputStream();
        StoredFileView stored = dataUrl
                ? intake.storeChatDataUrl(caller.uuid(), body, emptyToNull(suffix))
                : intake.storeChatFile(caller.uuid(), body, emptyToNull(suffix));
        return ResponseEntity.created(URI.create("/file/" + stored.name())).body(stored);
    }

    @ExceptionHandler(UploadRefused.class)
    ResponseEntity<Map<String, Object>> refused(UploadRefused refused) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", refused.code());
        body.put("detail", refused.getMessage());
        if (refused.maxBytes() != null) {
            body.put("maxBytes", refused.maxBytes());
        }
        return ResponseEntity.status(refused.status()).body(body);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e) {
        int status = switch (e.kind()) {
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case TOO_LARGE -> 413;
            default -> 400;
        };
        return ResponseEntity.status(status).body(Map.of("code", e.kind().name().toLowerCase(Locale.ROOT),
                "detail", e.getMessage()));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
