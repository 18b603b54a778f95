package im.platform.web;

/**
 * The authenticated user of a request, as the gateway verified it from the token and passed it on in
 * {@link CallerHeaders}. Declare it as a controller method parameter; a request without it is answered 401.
 */
public record Caller(String uuid, String username) {

    /** Refuses (403) unless {@code uuid} names the caller: for paths, queries and bodies that mean "me". */
    public void requireSelf(String uuid) {
        if (uuid == null || !uuid.equals(this.uuid)) {
            throw ApiException.forbidden();
        }
    }
}
