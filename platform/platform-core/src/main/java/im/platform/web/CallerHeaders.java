package im.platform.web;

/**
 * Headers in which the gateway passes the verified caller to the services. The gateway removes any client-sent
 * copies before adding its own, so a service behind the gateway can trust them.
 */
public final class CallerHeaders {
    public static final String USER_ID = "X-IM-User-Id";
    public static final String USERNAME = "X-IM-Username";

    private CallerHeaders() {
    }
}
