package im.media.api;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The shape of a stored file name: {@code <UUIDv4>.<extension>}, lower case, the extension 1 to
 * {@value #MAX_EXTENSION} letters or digits (what the gateway and messaging-service accept as a frame's {@code url}). Names are generated here, never taken from a client, so a name that does not have this shape can only
 * be a mistake or an attack (path characters, {@code ..}, encoded separators) and is refused before any lookup.
 */
public final class FileNames {

    public static final int MAX_EXTENSION = 10;
    /** 36 characters of UUID, the dot, the extension. */
    public static final int MAX_LENGTH = 36 + 1 + MAX_EXTENSION;

    private static final Pattern NAME = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.[a-z0-9]{1," + MAX_EXTENSION + "}");
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1," + MAX_EXTENSION + "}");

    private FileNames() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    public static boolean isValidExtension(String extension) {
        return extension != null && EXTENSION.matcher(extension).matches();
    }

    /** A fresh name with 122 random bits ({@link UUID#randomUUID()}, a CSPRNG) and the given extension. */
    public static String newName(String extension) {
        if (!isValidExtension(extension)) {
            throw new IllegalArgumentException("bad extension");
        }
        return UUID.randomUUID() + "." + extension;
    }
}
