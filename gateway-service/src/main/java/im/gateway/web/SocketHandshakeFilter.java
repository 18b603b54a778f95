package im.gateway.web;

import im.gateway.config.GatewayProperties;
import im.gateway.delivery.DeliveryConsumer;
import im.gateway.relay.RelayConsumer;
import im.gateway.ws.SessionRegistry;
import im.gateway.ws.SocketProfile;
import im.platform.web.CallerHeaders;
import java.net.URI;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates the WebSocket handshake {@code GET /socket.io?user=<uuid>} before the upgrade.
 *
 * <ul>
 *   <li>Token from {@code Authorization: Bearer}, the session cookie or the {@code token} query parameter; none,
 *       invalid or of a deleted account: 401.</li>
 *   <li>{@code user} must be the token's subject: otherwise 403.</li>
 *   <li>Cross-site WebSocket hijacking: a browser sends the cookie along with a handshake started by any page. So
 *       when the token came from the cookie and an {@code Origin} header is present, the origin must be the
 *       gateway's own (its host:port equals the {@code Host} header) or one of the explicitly allowed CORS
 *       origins; otherwise 403.</li>
 *   <li>The protocol parameters {@code v}, {@code features} and {@code since} ({@link SocketProfile}): a
 *       {@code since} that is not a decimal number from 0 up is answered 400 {@code bad since} (the socket's
 *       handler reads the profile from the same query).</li>
 *   <li>Until this gateway's delivery consumer owns its partitions, a socket could miss live deliveries: 503; the
 *       same until its relay consumer owns its partitions (relayed call signalling and screen frames). Until the
 *       deleted accounts are loaded, the token could be a deleted account's: 503 too.</li>
 *   <li>A user who already has {@code max-sockets-per-user} open sockets here: 429 (the handler re-checks
 *       atomically when it registers the socket, and closes one that slipped through with 1013).</li>
 * </ul>
 * The verified caller is put into the handshake request's {@link CallerHeaders} (client-sent copies were removed by
 * {@link AuthenticationFilter}), which the WebSocket session keeps in its handshake info. These headers only exist
 * in this process: the socket is not proxied.
 */
@Component
public class SocketHandshakeFilter implements WebFilter, Ordered {

    public static final int ORDER = AuthenticationFilter.ORDER + 10;

    private final CallerTokens callerTokens;
    private final GatewayProperties.Cors cors;
    private final DeliveryConsumer deliveryConsumer;
    private final RelayConsumer relayConsumer;
    private final SessionRegistry sessions;
    private final int maxSocketsPerUser;

    public SocketHandshakeFilter(CallerTokens callerTokens, GatewayProperties properties,
                                 DeliveryConsumer deliveryConsumer, RelayConsumer relayConsumer,
                                 SessionRegistry sessions) {
        this.callerTokens = callerTokens;
        this.cors = properties.cors();
        this.deliveryConsumer = deliveryConsumer;
        this.relayConsumer = relayConsumer;
        this.sessions = sessions;
        this.maxSocketsPerUser = properties.ws().maxSocketsPerUser();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!ApiPaths.SOCKET.equals(request.getPath().pathWithinApplication().value())
                || !HttpMethod.GET.equals(request.getMethod())) {
            return chain.filter(exchange);
        }
        var authenticated = callerTokens.authenticate(request, true);
        if (authenticated.isEmpty()) {
            return LegacyErrors.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "unauthorized");
        }
        String user = request.getQueryParams().getFirst("user");
        if (user == null || !user.equals(authenticated.get().token().userUuid())) {
            return LegacyErrors.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "forbidden");
        }
        String origin = request.getHeaders().getOrigin();
        if (authenticated.get().source() == CallerTokens.Source.COOKIE && origin != null
                && !cors.explicitlyAllows(origin)
                && !sameOrigin(origin, request.getHeaders().getFirst(HttpHeaders.HOST))) {
            return LegacyErrors.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "forbidden");
        }
        try {
            SocketProfile.of(request.getURI());
        } catch (SocketProfile.BadSince e) {
            return LegacyErrors.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, "bad since");
        }
        if (!deliveryConsumer.isAssigned() || !relayConsumer.isAssigned() || !callerTokens.ready()) {
            return LegacyErrors.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, "service unavailable");
        }
        if (sessions.openSockets(user) >= maxSocketsPerUser) {
            return LegacyErrors.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "too many requests");
        }
        var token = authenticated.get().token();
        ServerHttpRequest withCaller = request.mutate().headers(headers -> {
            headers.set(CallerHeaders.USER_ID, token.userUuid());
            headers.set(CallerHeaders.USERNAME, token.username());
        }).build();
        return chain.filter(exchange.mutate().request(withCaller).build());
    }

    /**
     * Whether {@code origin} ({@code scheme://host[:port]}) names the host and port the request was sent to. A
     * {@code Host} without a port means the default port of the origin's scheme (the browser omits it likewise,
     * also behind a TLS-terminating proxy).
     */
    static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        try {
            URI originUri = URI.create(origin);
            String scheme = originUri.getScheme();
            if (originUri.getHost() == null || scheme == null) {
                return false;
            }
            int defaultPort = "https".equalsIgnoreCase(scheme) ? 443 : 80;
            int originPort = originUri.getPort() < 0 ? defaultPort : originUri.getPort();
            URI hostUri = URI.create("http://" + hostHeader.trim());
            if (hostUri.getHost() == null) {
                return false;
            }
            int hostPort = hostUri.getPort() < 0 ? defaultPort : hostUri.getPort();
            return originUri.getHost().toLowerCase(Locale.ROOT).equals(hostUri.getHost().toLowerCase(Locale.ROOT))
                    && originPort == hostPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
