package im.gateway.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.gateway.config.GatewayProperties;
import im.platform.web.CallerHeaders;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Rate limit of the REST writes that make messaging-service fan out (a forward to 20 groups of 500 members writes
 * about 10,000 inbox rows): {@code POST /forward}, {@code PUT /message/id}, {@code DELETE /message/id/delete-all},
 * {@code DELETE /message/id/delete-self} and every method but {@code GET} and {@code HEAD} under {@code /api/v1}.
 * One Bucket4j bucket per authenticated user, shared by all of these routes
 * ({@code im.gateway.message-write-rate-limit}: 10 per second, bursts of 30). Above it the request does not reach
 * messaging-service and is answered 429 with {@code Retry-After} (whole seconds until the next request is allowed,
 * rounded up): the legacy envelope
 * {@code {"code":-1,"msg":"too many requests","data":null}} on the legacy routes, an RFC 9457 problem document
 * ({@code application/problem+json}, {@code code} {@code rate_limited}) under {@code /api/v1}.
 *
 * <p>Runs after {@link AuthenticationFilter}, whose {@link CallerHeaders#USER_ID} (client-sent copies removed) is the
 * key: a request without a valid token was answered 401 there and never counts against anyone. The buckets live in
 * a Caffeine cache bounded by {@code max-users} and forgotten once idle long enough to be full again. Paths are
 * compared with repeated slashes collapsed and a trailing slash dropped, so {@code /forward/} is limited too.
 */
@Component
public class MessageWriteRateLimitFilter implements WebFilter, Ordered {

    public static final int ORDER = AuthenticationFilter.ORDER + 5;

    static final String API_V1 = "/api/v1";
    static final String TOO_MANY = "too many requests";
    static final String PROBLEM_JSON = "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
            + "\"detail\":\"too many requests\",\"code\":\"rate_limited\"}";
    private static final byte[] PROBLEM_BODY = PROBLEM_JSON.getBytes(StandardCharsets.UTF_8);

    /** Which kind of answer a limited route gets. */
    enum Kind { NONE, LEGACY, API }

    private final GatewayProperties.MessageWriteRateLimit limit;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    @Autowired
    public MessageWriteRateLimitFilter(GatewayProperties properties) {
        this(properties, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** With the buckets' time taken from {@code time} (tests). */
    MessageWriteRateLimitFilter(GatewayProperties properties, TimeMeter time) {
        this.limit = properties.messageWriteRateLimit();
        this.time = time;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(limit.maxUsers())
                .expireAfterAccess(limit.untilFull())
                .build();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        Kind kind = kindOf(request.getMethod(), request.getPath().pathWithinApplication().value());
        if (kind == Kind.NONE) {
            return chain.filter(exchange);
        }
        String caller = request.getHeaders().getFirst(CallerHeaders.USER_ID);
        if (caller == null || caller.isEmpty()) {
            // not authenticated: only a path no route serves gets here (AuthenticationFilter answered the rest 401)
            return chain.filter(exchange);
        }
        ConsumptionProbe probe = buckets.get(caller, key -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(probe)));
        return kind == Kind.API
                ? writeProblem(response)
                : LegacyErrors.write(response, HttpStatus.TOO_MANY_REQUESTS, TOO_MANY);
    }

    /** Whether {@code method path} is one of the limited writes, and which answer it gets. */
    static Kind kindOf(HttpMethod method, String rawPath) {
        String path = canonical(rawPath);
        if (ApiPaths.under(path, API_V1)) {
            return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)
                    ? Kind.NONE : Kind.API;
        }
        boolean write = switch (path) {
            case "/forward" -> HttpMethod.POST.equals(method);
            case "/message/id" -> HttpMethod.PUT.equals(method);
            case "/message/id/delete-all", "/message/id/delete-self" -> HttpMethod.DELETE.equals(method);
            default -> false;
        };
        return write ? Kind.LEGACY : Kind.NONE;
    }

    /** {@code rawPath} with repeated slashes collapsed and a trailing slash (but not the root) dropped. */
    static String canonical(String rawPath) {
        String path = rawPath.indexOf("//") >= 0 ? rawPath.replaceAll("/{2,}", "/") : rawPath;
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Whole seconds until the next request would be allowed, rounded up (at least 1). */
    static long retryAfterSeconds(ConsumptionProbe probe) {
        long nanos = probe.getNanosToWaitForRefill();
        long seconds = nanos / TimeUnit.SECONDS.toNanos(1) + (nanos % TimeUnit.SECONDS.toNanos(1) == 0 ? 0 : 1);
        return Math.max(1, seconds);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .withCustomTimePrecision(time)
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(limit.requests(), limit.period()))
                .build();
    }

    private static Mono<Void> writeProblem(ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(PROBLEM_BODY.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(PROBLEM_BODY)));
    }
}
