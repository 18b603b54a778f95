package im.gateway.web;

import java.util.List;
import org.springframework.http.HttpMethod;

/**
 * Which request paths are the API (routed to a service, the WebSocket, or under {@code /api}: {@code /api/v1} is
 * messaging-service's sync API, {@code /api/admin/v1/user-imports} and {@code /api/admin/v1/users} user-service's
 * admin API, the rest is reserved) and which of those are public (none under {@code /api}).
 * Everything else is the static web client. Paths are compared raw (as sent), exactly as the routes match them;
 * {@link RequestGuardFilter} has already refused dot segments and encoded separators.
 */
public final class ApiPaths {

    public static final String SOCKET = "/socket.io";

    /** Prefixes that are routed to a service (see {@code RouteConfig}), plus the socket and /api (token needed). */
    static final List<String> API_PREFIXES = List.of(
            "/user", "/friend", "/interact", "/all-interact", "/http-req",
            "/group",
            "/message", "/forward",
            "/file",
            SOCKET, "/api");

    private static final String FILE_PREFIX = "/file";

    private ApiPaths() {
    }

    public static boolean isApi(String path) {
        return API_PREFIXES.stream().anyMatch(prefix -> under(path, prefix));
    }

    public static boolean isFile(String path) {
        return under(path, FILE_PREFIX);
    }

    /** API requests that need no token: register, login, downloading a file. */
    public static boolean isPublic(HttpMethod method, String path) {
        if (HttpMethod.POST.equals(method)) {
            return path.equals("/user/register") || path.equals("/user/login");
        }
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && isFile(path);
    }

    /** {@code path} is {@code prefix} itself or below it ({@code /user} and {@code /user/x}, not {@code /userx}). */
    static boolean under(String path, String prefix) {
        return path.equals(prefix) || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
    }
}
