package im.gateway.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.gateway.config.GatewayProperties;
import io.github.bucket4j.Bucket;
import java.net.InetSocketAddress;
import java.time.Duration;
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
 * Rate limit of the two public endpoints that cost a password hash: {@code POST /user/login} and
 * {@code POST /user/register}, each with its own Bucket4j bucket per client address
 * ({@code im.gateway.auth-rate-limit}: 30 per minute, bursts of 30). Above it: 429
 * {@code {"code":-1,"msg":"too many requests","data":null}}, and the request does not reach user-service.
 *
 * <p>The client address is the connection's peer; {@code X-Forwarded-For} is only used with
 * {@code im.gateway.trust-forwarded-for=true} (then its last entry, the one the proxy in front appended: the ones
 * before it are whatever the client sent). The buckets live in a Caffeine cache bounded by {@code max-clients} and
 * forgotten once idle long enough to be full again, so no number of client addresses grows it without bound.
 * Paths are compared exactly, like {@link ApiPaths#isPublic}: any other spelling is not public and needs a token.
 */
@Component
public class AuthRateLimitFilter implements WebFilter, Ordered {

    public static final int ORDER = RequestGuardFilter.ORDER + 5;
    static final String FORWARDED_FOR = "X-Forwarded-For";

    private final GatewayProperties.AuthRateLimit limit;
    private final boolean trustForwardedFor;
    private final Cache<String, Bucket> buckets;

    public AuthRateLimitFilter(GatewayProperties properties) {
        this.limit = properties.authRateLimit();
        this.trustForwardedFor = properties.trustForwardedFor();
        Duration untilFull = limit.period().multipliedBy(limit.burst()).dividedBy(limit.requests());
        this.buckets = Caffeine.newBuilder()
                .maximumSize(limit.maxClients())
                .expireAfterAccess(untilFull.compareTo(limit.period()) < 0 ? limit.period() : untilFull)
                .build();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!HttpMethod.POST.equals(request.getMethod())
                || !(path.equals("/user/login") || path.equals("/user/register"))) {
            return chain.filter(exchange);
        }
        Bucket bucket = buckets.get(path + " " + clientAddress(request), key -> newBucket());
        if (!bucket.tryConsume(1)) {
            return LegacyErrors.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "too many requests");
        }
        return chain.filter(exchange);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(limit.requests(), limit.period()))
                .build();
    }

    String clientAddress(ServerHttpRequest request) {
        if (trustForwardedFor) {
            String forwarded = lastForwardedFor(request);
            if (forwarded != null) {
                return forwarded;
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    private static String lastForwardedFor(ServerHttpRequest request) {
        var entries = request.getHeaders().getValuesAsList(FORWARDED_FOR); // every header line, split at commas
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }
}
