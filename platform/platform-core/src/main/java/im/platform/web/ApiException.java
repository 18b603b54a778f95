package im.platform.web;

/**
 * A request that cannot be served, with the reason shown to the client in the legacy envelope's {@code msg}.
 * The {@link Kind} decides the HTTP status (see {@link LegacyExceptionHandler}).
 */
public class ApiException extends RuntimeException {

    public enum Kind {
        /** A rule of the domain or a field's value: answered with the configured business-error status. */
        BUSINESS,
        /** The request itself is malformed (unparsable JSON, wrong parameter types): 400. */
        MALFORMED,
        /** No or an invalid token: 401. */
        UNAUTHORIZED,
        /** The caller may not act on this resource: 403. */
        FORBIDDEN,
        /** Body or upload over its limit: 413. */
        TOO_LARGE
    }

    private final Kind kind;

    public ApiException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ApiException business(String message) {
        return new ApiException(Kind.BUSINESS, message);
    }

    public static ApiException malformed(String message) {
        return new ApiException(Kind.MALFORMED, message);
    }

    public static ApiException unauthorized() {
        return new ApiException(Kind.UNAUTHORIZED, "unauthorized");
    }

    public static ApiException forbidden() {
        return new ApiException(Kind.FORBIDDEN, "forbidden");
    }
}
