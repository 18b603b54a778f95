package im.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The public port answers only the health of the actuator: {@code /actuator/health} (what the local launcher waits
 * on) and {@code /actuator/health/**} (the liveness and readiness probes). Every other path under
 * {@code /actuator} ({@code /actuator} itself, {@code /actuator/prometheus}, {@code /actuator/info}, anything an
 * exposure setting might add) is answered 404 before anything else looks at it; the metrics have a port of their own
 * ({@link ManagementServer}). Paths are compared with repeated slashes collapsed and a trailing slash dropped
 * ({@link MessageWriteRateLimitFilter#canonical}); dot segments and encoded separators were refused before
 * ({@link RequestGuardFilter}).
 */
@Component
public class ActuatorGuardFilter implements WebFilter, Ordered {

    public static final int ORDER = RequestGuardFilter.ORDER + 1;
    static final String ACTUATOR = "/actuator";
    static final String HEALTH = "/actuator/health";

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (refused(path)) {
            return LegacyErrors.write(exchange.getResponse(), HttpStatus.NOT_FOUND,
                    LegacyErrors.messageFor(HttpStatus.NOT_FOUND));
        }
        return chain.filter(exchange);
    }

    /** Whether {@code rawPath} is under {@code /actuator} but not the health endpoint or below it. */
    static boolean refused(String rawPath) {
        String path = MessageWriteRateLimitFilter.canonical(rawPath);
        return ApiPaths.under(path, ACTUATOR) && !ApiPaths.under(path, HEALTH);
    }
}
