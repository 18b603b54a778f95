package im.media.intake;

/**
 * A file the intake stored: the answer of {@code POST /internal/v1/chat-files} (201) as it is.
 *
 * @param contentType the legacy frame contentType the gateway puts in the frame (3 image, 4 audio, 5 video, 2 else)
 * @param durationMs  null when the header does not tell it cheaply
 */
public record StoredFileView(String name, int contentType, String mimeType, long size, String sha256,
                             boolean thumbnail, Long durationMs) {
}
