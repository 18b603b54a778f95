package im.media.storage;

import java.util.regex.Pattern;

/**
 * Exceptions described for a WARN line without file names: a stored name is as secret as the message that carries
 * it, so names are logged at DEBUG only (docs/media.md). A storage failure's message may hold one anyway (a local
 * path, an S3 key or URL from the SDK), so every name-shaped part ({@code <uuid>.<ext>}) is replaced by
 * {@code <name>}.
 */
public final class LogSafe {

    private static final Pattern NAME = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(\\.[A-Za-z0-9]{1,10})*");

    private LogSafe() {
    }

    /** {@code <exception class>: <message without names>}; the causes' messages are left out. */
    public static String describe(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + redact(message));
    }

    /** {@code text} with every stored-name-shaped part replaced by {@code <name>}. */
    public static String redact(String text) {
        return text == null ? null : NAME.matcher(text).replaceAll("<name>");
    }
}
