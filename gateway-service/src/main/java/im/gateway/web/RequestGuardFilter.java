package im.gateway.web;

import im.gateway.config.GatewayProperties;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses requests the gateway must not pass on, before authentication and routing.
 *
 * <ul>
 *   <li>Paths a service could resolve differently than the gateway: dot segments ({@code /user/../internal}),
 *       their encoded forms, encoded slashes or backslashes, and path parameters ({@code ;}). Servlet containers
 *       normalise those after decoding, so {@code /user/%2e%2e/internal/...} would otherwise reach a service's
 *       internal endpoint through a public route. Answer: 400.</li>
 *   <li>Percent-encoded unreserved characters (letters, digits, {@code -}, {@code .}, {@code _}, {@code ~}; RFC 3986
 *       says they are never to be encoded): the filters decide "API path, token needed" on the raw path while the
 *       routes match the decoded one, so {@code GET /%75ser/name} would be routed without a token check and
 *       {@code /%73ocket.io} would skip the handshake filter. Answer: 400.</li>
 *   <li>Bodies larger than {@code im.gateway.limits.max-body} ({@code max-file-body} under {@code /file}): 413,
 *       from the declared {@code Content-Length} at once, or while streaming a body without one.</li>
 * </ul>
 */
@Component
public class RequestGuardFilter implements WebFilter, Ordered {

    public static final int ORDER = CorsFilter.ORDER + 10;

    /** %30-%39, %41-%5A, %61-%7A, %2D, %2E, %5F, %7E, in either case. */
    private static final Pattern ENCODED_UNRESERVED = Pattern.compile(
            "%(3[0-9]|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]|2[de]|5f|7e)", Pattern.CASE_INSENSITIVE);

    private final GatewayProperties.Limits limits;

    public RequestGuardFilter(GatewayProperties properties) {
        this.limits = properties.limits();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String rawPath = request.getPath().pathWithinApplication().value();
        if (!isSafePath(rawPath)) {
            return LegacyErrors.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, "bad request");
        }
        long limit = (ApiPaths.isFile(rawPath) ? limits.maxFileBody() : limits.maxBody()).toBytes();
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return LegacyErrors.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, "request too large");
        }
        if (declared < 0) {
            ServerHttpRequest counted = new LimitedBodyRequest(request, limit);
            return chain.filter(exchange.mutate().request(counted).build());
        }
        return chain.filter(exchange);
    }

    /**
     * False for paths with dot segments, encoded dots/slashes/backslashes, backslashes, ';', NUL or any other
     * percent-encoded unreserved character.
     */
    static boolean isSafePath(String rawPath) {
        if (rawPath.indexOf('\\') >= 0 || rawPath.indexOf(';') >= 0) {
            return false;
        }
        if (rawPath.indexOf('%') >= 0 && ENCODED_UNRESERVED.matcher(rawPath).find()) {
            return false;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")
                || lower.contains("%3b")) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** A request whose body fails with 413 as soon as more than {@code limit} bytes have been read. */
    private static final class LimitedBodyRequest extends ServerHttpRequestDecorator {
        private final long limit;

        LimitedBodyRequest(ServerHttpRequest delegate, long limit) {
            super(delegate);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                    DataBufferUtils.release(buffer);
                    sink.error(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "request too large"));
                } else {
                    sink.next(buffer);
                }
            });
        }
    }
}
