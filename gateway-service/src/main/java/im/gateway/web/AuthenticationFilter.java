package im.gateway.web;

import im.platform.security.TokenService.VerifiedToken;
import im.platform.web.CallerHeaders;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The token check of the REST API, before routing. Client-sent {@link CallerHeaders} are always removed. An API
 * request that is not public ({@link ApiPaths#isPublic}) needs a valid token (bearer or cookie) and then carries
 * the caller in {@link CallerHeaders}; without one (or with one of a deleted account) it is answered 401
 * {@code {"code":-1,"msg":"unauthorized"}}; until the deleted accounts are loaded a valid token is answered 503
 * {@code service unavailable} (see {@link im.gateway.accounts.DeletedAccounts}).
 * The static web client, {@code OPTIONS} and the WebSocket handshake (see {@link SocketHandshakeFilter}) pass.
 *
 * <p>The username header carries the UTF-8 bytes of the name (HTTP header values are bytes; a servlet container
 * reads them as ISO-8859-1, so a service re-decodes non-ASCII names as UTF-8). Control characters are replaced.
 */
@Component
public class AuthenticationFilter implements WebFilter, Ordered {

    public static final int ORDER = RequestGuardFilter.ORDER + 10;

    private final CallerTokens callerTokens;

    public AuthenticationFilter(CallerTokens callerTokens) {
        this.callerTokens = callerTokens;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        HttpMethod method = request.getMethod();
        boolean needsToken = ApiPaths.isApi(path) && !ApiPaths.SOCKET.equals(path)
                && !HttpMethod.OPTIONS.equals(method) && !ApiPaths.isPublic(method, path);
        if (!needsToken) {
            return chain.filter(withCaller(exchange, null));
        }
        return callerTokens.authenticate(request, false)
                .map(authenticated -> callerTokens.ready()
                        ? chain.filter(withCaller(exchange, authenticated.token()))
                        : LegacyErrors.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE,
                                "service unavailable"))
                .orElseGet(() -> LegacyErrors.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "unauthorized"));
    }

    private static ServerWebExchange withCaller(ServerWebExchange exchange, VerifiedToken caller) {
        ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> {
            headers.remove(CallerHeaders.USER_ID);
            headers.remove(CallerHeaders.USERNAME);
            if (caller != null) {
                headers.set(CallerHeaders.USER_ID, headerValue(caller.userUuid()));
                headers.set(CallerHeaders.USERNAME, headerValue(caller.username()));
            }
        }).build();
        return exchange.mutate().request(request).build();
    }

    /** The UTF-8 bytes of {@code value} as header characters, control characters replaced by '?'. */
    static String headerValue(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xFF;
            chars[i] = (b < 0x20 || b == 0x7F) ? '?' : (char) b;
        }
        return new String(chars);
    }
}
