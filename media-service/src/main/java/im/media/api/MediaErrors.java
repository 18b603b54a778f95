package im.media.api;

/** The error texts of media-service shown to clients ({@code msg} of the legacy envelope, {@code detail} internally). */
public final class MediaErrors {
    public static final String INVALID_FILE_NAME = "invalid file name";
    public static final String FILE_NOT_FOUND = "file not found";
    public static final String FILE_REQUIRED = "file is required";
    public static final String EMPTY_FILE = "the file is empty";
    public static final String AVATAR_NOT_AN_IMAGE = "the avatar must be a JPEG, PNG, GIF or WebP image";
    public static final String STORAGE_UNAVAILABLE = "file storage unavailable";
    public static final String USER_SERVICE_UNAVAILABLE = "user service unavailable";
    public static final String USER_NOT_FOUND = "user doesn't exist";

    private MediaErrors() {
    }

    public static String tooLarge(long maxBytes) {
        return "the file is too large (at most " + maxBytes + " bytes)";
    }
}
