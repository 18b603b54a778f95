package im.gateway.media;

import im.gateway.config.GatewayProperties;
import im.gateway.ws.FrameError;
import im.gateway.ws.FrameRules;
import im.platform.web.CallerHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands the file of a socket frame to media-service before the frame goes on (file bytes never travel through
 * Kafka): {@code POST /internal/v1/chat-files?source=frame|data-url[&suffix=<fileSuffix>]} with
 * {@code X-IM-User-Id: <sender>} and the raw bytes ({@code application/octet-stream}, the decoded frame's own, not
 * copied) or the data URL's UTF-8 bytes ({@code text/plain}, {@link FrameRules.Upload#body()}: a byte a base64
 * character; a String body would be encoded into a buffer of three bytes a character) as the body. See
 * {@code docs/media.md}.
 *
 * <p>The bytes of all uploads in progress on this gateway are bounded by
 * {@code im.gateway.media.upload-bytes-in-flight}: an upload that does not fit fails at once with
 * {@link UploadsBusy} (the sender gets {@code unavailable}) rather than wait or hold more memory.
 *
 * <ul>
 *   <li>201 {@code {"name": "<uuid>.<ext>", "contentType": 2..5, ...}}: the {@link StoredFile} (a name that is not
 *       a stored name's shape, or another content type, counts as a failure);</li>
 *   <li>413 ({@code file_too_large}): {@link FileRefused} with {@link FrameError#FILE_TOO_LARGE};</li>
 *   <li>400 ({@code empty_file}, {@code bad_data_url}, {@code bad_suffix}): {@link FileRefused} with
 *       {@link FrameError#BAD_FILE};</li>
 *   <li>anything else, an unreachable service or no answer within {@code im.gateway.media.upload-timeout}: an
 *       error, which the sender gets as {@code unavailable}.</li>
 * </ul>
 * media-service's {@code detail} becomes the error frame's text when it gives one.
 */
@Component
public class ChatFileClient {

    /** What media-service stored: the name the frame's {@code url} gets, and the kind it detected (2-5). */
    public record StoredFile(String name, int contentType) {
    }

    /** media-service refused the file: {@code error} for the sender, with media-service's {@code detail}. */
    public static final class FileRefused extends RuntimeException {

        private final FrameError error;

        public FileRefused(FrameError error, String detail) {
            super(detail == null || detail.isBlank() ? error.reason() : detail, null, false, false);
            this.error = error;
        }

        public FrameError error() {
            return error;
        }
    }

    /** The gateway's uploads in progress already hold {@code upload-bytes-in-flight}: this one was not started. */
    public static final class UploadsBusy extends RuntimeException {

        public UploadsBusy(long bytes) {
            super("uploads in progress are at their limit; " + bytes + " more bytes were refused", null, false, false);
        }
    }

    /** The shape of a stored name (what messaging-service accepts as a file message's {@code url}). */
    static final Pattern STORED_NAME = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\\.[a-z0-9]{1,10})?");
    static final String PATH = "/internal/v1/chat-files";
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    private static final int MAX_DETAIL_LENGTH = 300;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebClient client;
    private final Duration timeout;
    private final long maxBytesInFlight;
    private final AtomicLong bytesInFlight = new AtomicLong();

    @Autowired
    public ChatFileClient(GatewayProperties properties) {
        this(properties.services().media(), properties.media().uploadTimeout(),
                properties.media().uploadBytesInFlight().toBytes());
    }

    ChatFileClient(URI media, Duration timeout, long maxBytesInFlight) {
        this.client = WebClient.builder().baseUrl(media.toString()).build();
        this.timeout = timeout;
        this.maxBytesInFlight = maxBytesInFlight;
    }

    /**
     * Stores the file of {@code upload} for {@code senderUuid}: fails with {@link UploadsBusy} at once when the
     * uploads in progress leave no room for its bytes; they count from the subscription until the answer, an error,
     * the timeout or a cancel.
     */
    public Mono<StoredFile> store(String senderUuid, FrameRules.Upload upload) {
        long bytes = upload.size();
        return Mono.defer(() -> {
            if (!reserve(bytes)) {
                return Mono.error(new UploadsBusy(bytes));
            }
            return send(senderUuid, upload).doFinally(signal -> bytesInFlight.addAndGet(-bytes));
        });
    }

    /** Bytes of the uploads in progress. */
    public long bytesInFlight() {
        return bytesInFlight.get();
    }

    private boolean reserve(long bytes) {
        while (true) {
            long current = bytesInFlight.get();
            if (current + bytes > maxBytesInFlight) {
                return false;
            }
            if (bytesInFlight.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    private Mono<StoredFile> send(String senderUuid, FrameRules.Upload upload) {
        WebClient.RequestBodySpec request = client.post()
                .uri(uri -> {
                    uri.path(PATH).queryParam("source", upload.source().parameter());
                    if (!upload.suffix().isEmpty()) {
                        uri.queryParam("suffix", upload.suffix()); // letters and digits only (FrameRules)
                    }
                    return uri.build();
                })
                .header(CallerHeaders.USER_ID, senderUuid)
                .accept(MediaType.APPLICATION_JSON);
        // a ByteBuffer view of the bytes: no copy (a String body would be encoded into a buffer of three bytes a
        // character)
        WebClient.RequestHeadersSpec<?> withBody = request
                .contentType(upload.source() == FrameRules.FileSource.FRAME ? MediaType.APPLICATION_OCTET_STREAM : TEXT)
                .bodyValue(upload.body().asReadOnlyByteBuffer());
        return withBody
                .exchangeToMono(response -> response.bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(body -> answer(response.statusCode(), body)))
                .timeout(timeout);
    }

    static StoredFile answer(HttpStatusCode status, byte[] body) {
        if (status.value() == 413) {
            throw new FileRefused(FrameError.FILE_TOO_LARGE, detail(body));
        }
        if (status.value() == 400) {
            throw new FileRefused(FrameError.BAD_FILE, detail(body));
        }
        if (status.value() != 201 && status.value() != 200) {
            throw new IllegalStateException("media-service answered " + status.value());
        }
        JsonNode root = parse(body);
        JsonNode name = root == null ? null : root.get("name");
        JsonNode contentType = root == null ? null : root.get("contentType");
        if (name == null || !name.isString() || !STORED_NAME.matcher(name.asString()).matches()
                || contentType == null || !contentType.isIntegralNumber()
                || contentType.asInt() < FrameRules.DATA_URL_FILE || contentType.asInt() > 5) {
            throw new IllegalStateException("media-service answered a stored file without a valid name or type");
        }
        return new StoredFile(name.asString(), contentType.asInt());
    }

    private static String detail(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode detail = root == null ? null : root.get("detail");
            if (detail == null || !detail.isString()) {
                return null;
            }
            String text = detail.asString().replaceAll("\\p{Cntrl}", " ");
            return text.length() > MAX_DETAIL_LENGTH ? text.substring(0, MAX_DETAIL_LENGTH) : text;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("media-service answered undecodable JSON");
        }
    }
}
