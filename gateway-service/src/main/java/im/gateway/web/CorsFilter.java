package im.gateway.web;

import im.gateway.config.GatewayProperties;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS as the legacy servers did it, minus their bug (a wildcard origin together with credentials).
 *
 * <ul>
 *   <li>Every {@code OPTIONS} request, on any path, is answered here: 200 with the JSON string {@code "ok!"}, no
 *       token needed (go-chat-web's JSON POSTs are cross-origin and preflighted).</li>
 *   <li>Only when the request has an {@code Origin} header are the CORS headers added. With allowed origins
 *       {@code *}: {@code Access-Control-Allow-Origin: *} and no credentials. With an explicit list: the matching
 *       origin is echoed with {@code Allow-Credentials: true}; a non-matching origin gets no CORS headers.</li>
 *   <li>The headers are set just before the response is committed; any {@code Access-Control-*} headers a service
 *       sent are removed first (with or without {@code Origin}), so CORS is decided here only. The gateway's own CORS support is not
 *       configured (no globalcors), so nothing else adds or checks them.</li>
 * </ul>
 */
@Component
public class CorsFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    static final String ALLOW_METHODS = "POST, GET, OPTIONS, PUT, DELETE, UPDATE";
    static final String ALLOW_HEADERS = "Origin, X-Requested-With, Content-Type, Accept, Authorization";
    static final String EXPOSE_HEADERS = "Content-Length, Access-Control-Allow-Origin, Access-Control-Allow-Headers, "
            + "Cache-Control, Content-Language, Content-Type";
    private static final byte[] PREFLIGHT_BODY = "\"ok!\"".getBytes(StandardCharsets.UTF_8);

    private final GatewayProperties.Cors cors;

    public CorsFilter(GatewayProperties properties) {
        this.cors = properties.cors();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String origin = exchange.getRequest().getHeaders().getOrigin();
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            applyHeaders(response.getHeaders(), origin);
            return Mono.empty();
        });
        if (HttpMethod.OPTIONS.equals(exchange.getRequest().getMethod())) {
            response.setStatusCode(HttpStatus.OK);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            response.getHeaders().setContentLength(PREFLIGHT_BODY.length);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(PREFLIGHT_BODY)));
        }
        return chain.filter(exchange);
    }

    private void applyHeaders(HttpHeaders headers, String origin) {
        headers.headerNames().stream()
                .filter(name -> name.regionMatches(true, 0, "Access-Control-", 0, "Access-Control-".length()))
                .toList()
                .forEach(headers::remove);
        if (origin == null) {
            return;
        }
        if (cors.anyOrigin()) {
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else {
            headers.add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
            if (!cors.explicitlyAllows(origin)) {
                return;
            }
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS);
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS);
        headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE_HEADERS);
    }
}
