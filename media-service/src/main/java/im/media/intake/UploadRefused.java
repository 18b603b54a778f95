package im.media.intake;

/**
 * An upload that was not stored, with what the caller is told: the HTTP status, a stable code, a readable detail
 * and, for {@code file_too_large}, the limit that applied.
 */
public class UploadRefused extends RuntimeException {

    public static final String FILE_TOO_LARGE = "file_too_large";
    public static final String EMPTY_FILE = "empty_file";
    public static final String BAD_DATA_URL = "bad_data_url";
    public static final String BAD_SUFFIX = "bad_suffix";
    public static final String BAD_SOURCE = "bad_source";
    public static final String NOT_AN_IMAGE = "not_an_image";
    public static final String UPLOAD_FAILED = "upload_failed";
    public static final String STORAGE_UNAVAILABLE = "storage_unavailable";

    private final int status;
    private final String code;
    private final Long maxBytes;

    public UploadRefused(int status, String code, String detail, Long maxBytes) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.maxBytes = maxBytes;
    }

    public static UploadRefused tooLarge(long maxBytes) {
        return new UploadRefused(413, FILE_TOO_LARGE, im.media.api.MediaErrors.tooLarge(maxBytes), maxBytes);
    }

    public static UploadRefused badRequest(String code, String detail) {
        return new UploadRefused(400, code, detail, null);
    }

    public static UploadRefused storageUnavailable() {
        return new UploadRefused(503, STORAGE_UNAVAILABLE, im.media.api.MediaErrors.STORAGE_UNAVAILABLE, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The limit for {@code file_too_large}, else null. */
    public Long maxBytes() {
        return maxBytes;
    }
}
