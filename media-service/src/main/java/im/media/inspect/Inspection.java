package im.media.inspect;

/**
 * What an uploaded file is, decided from its bytes.
 *
 * @param mimeType    the detected type, e.g. {@code image/png}, {@code video/webm}, {@code audio/wav}
 * @param extension   the stored name's extension, lower case letters and digits, from the detected type
 * @param contentType the legacy frame contentType: 3 image, 4 audio, 5 video, 2 anything else
 * @param durationMs  audio/video length where the header tells it cheaply, else {@code null}
 */
public record Inspection(String mimeType, String extension, int contentType, Long durationMs) {

    public boolean isImage() {
        return contentType == LegacyContentType.IMAGE;
    }

    public boolean isAudio() {
        return contentType == LegacyContentType.AUDIO;
    }

    public boolean isVideo() {
        return contentType == LegacyContentType.VIDEO;
    }
}
