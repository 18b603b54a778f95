package im.media.inspect;

/**
 * The legacy frame {@code contentType} of a stored file, from its detected type, as IM-SDK-Server and go-chat
 * reclassified a file after saving it: image 3, audio 4, video 5, anything else 2. SVG is an image type that can
 * carry script, so it counts as a plain file (2), like HTML: the client then shows a file icon, and downloads serve it
 * as an attachment.
 */
public final class LegacyContentType {
    public static final int FILE = 2;
    public static final int IMAGE = 3;
    public static final int AUDIO = 4;
    public static final int VIDEO = 5;

    private LegacyContentType() {
    }

    public static int of(String mimeType) {
        String type = mimeType == null ? "" : mimeType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("image/") && !type.startsWith("image/svg")) {
            return IMAGE;
        }
        if (type.startsWith("audio/")) {
            return AUDIO;
        }
        if (type.startsWith("video/")) {
            return VIDEO;
        }
        return FILE;
    }
}
