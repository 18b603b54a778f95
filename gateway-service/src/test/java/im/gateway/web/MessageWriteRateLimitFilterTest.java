package im.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.support.TestProperties;
import im.platform.web.CallerHeaders;
import io.github.bucket4j.TimeMeter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class MessageWriteRateLimitFilterTest {

    private static final String TOO_MANY = "{\"code\":-1,\"msg\":\"too many requests\",\"data\":null}";
    private static final String PROBLEM = "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
            + "\"detail\":\"too many requests\",\"code\":\"rate_limited\"}";

    /** The time of the buckets, moved by hand. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TimeMeter time = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };

    private MessageWriteRateLimitFilter filter(int requests, Duration period, int burst) {
        return new MessageWriteRateLimitFilter(
                TestProperties.gateway(TestProperties.messageWriteRateLimit(requests, period, burst)), time);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** What the client sees (200: passed on to messaging-service). */
    private record Answer(HttpStatus status, String body, String retryAfter, MediaType contentType) {
    }

    private static Answer send(MessageWriteRateLimitFilter filter, HttpMethod method, String path, String caller) {
        MockServerHttpRequest.BaseBuilder<?> request =
                MockServerHttpRequest.method(method, URI.create("http://localhost" + path));
        if (caller != null) {
            request.header(CallerHeaders.USER_ID, caller);
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, ex -> {
            ex.getResponse().setStatusCode(HttpStatus.OK);
            return ex.getResponse().setComplete();
        }).block();
        String body = exchange.getResponse().getBodyAsString().defaultIfEmpty("").block();
        return new Answer((HttpStatus) exchange.getResponse().getStatusCode(), body,
                exchange.getResponse().getHeaders().getFirst("Retry-After"),
                exchange.getResponse().getHeaders().getContentType());
    }

    private static Answer forward(MessageWriteRateLimitFilter filter, String caller) {
        return send(filter, HttpMethod.POST, "/forward", caller);
    }

    @Test
    void aBurstAboveTheLimitIs429WithTheLegacyEnvelopeAndRetryAfterAndEachUserHasItsOwnBucket() {
        MessageWriteRateLimitFilter filter = filter(10, Duration.ofSeconds(1), 30);
        for (int i = 0; i < 30; i++) {
            assertThat(forward(filter, "[usr]a").status()).as("forward " + (i + 1)).isEqualTo(HttpStatus.OK);
        }
        Answer refused = forward(filter, "[usr]a");
        assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.body()).isEqualTo(TOO_MANY);
        assertThat(refused.contentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(refused.retryAfter()).as("100 ms until the next token, rounded up").isEqualTo("1");

        for (int i = 0; i < 30; i++) {
            assertThat(forward(filter, "[usr]b").status()).as("another user, forward " + (i + 1))
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(forward(filter, "[usr]b").status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        advance(Duration.ofMillis(100));
        assertThat(forward(filter, "[usr]a").status()).as("refilled 10 per second").isEqualTo(HttpStatus.OK);
        assertThat(forward(filter, "[usr]a").status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        advance(Duration.ofSeconds(3));
        for (int i = 0; i < 30; i++) {
            assertThat(forward(filter, "[usr]a").status()).as("full again after 3 s, forward " + (i + 1))
                    .isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void everyLegacyWriteRouteSharesTheUsersBucketAndGetsTheLegacyEnvelope() {
        MessageWriteRateLimitFilter filter = filter(1, Duration.ofHours(1), 4);
        assertThat(send(filter, HttpMethod.POST, "/forward", "[usr]a").status()).isEqualTo(HttpStatus.OK);
        assertThat(send(filter, HttpMethod.PUT, "/message/id", "[usr]a").status()).isEqualTo(HttpStatus.OK);
        assertThat(send(filter, HttpMethod.DELETE, "/message/id/delete-all", "[usr]a").status())
                .isEqualTo(HttpStatus.OK);
        assertThat(send(filter, HttpMethod.DELETE, "/message/id/delete-self", "[usr]a").status())
                .isEqualTo(HttpStatus.OK);
        for (String[] route : new String[][]{{"POST", "/forward"}, {"PUT", "/message/id"},
                {"DELETE", "/message/id/delete-all"}, {"DELETE", "/message/id/delete-self"},
                {"POST", "/forward/"}, {"PUT", "//message//id"}}) {
            Answer refused = send(filter, HttpMethod.valueOf(route[0]), route[1], "[usr]a");
            assertThat(refused.status()).as(route[1]).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(refused.body()).as(route[1]).isEqualTo(TOO_MANY);
            assertThat(refused.retryAfter()).as(route[1]).isEqualTo("3600");
        }
        Answer api = send(filter, HttpMethod.POST, "/api/v1/conversations/x/messages/1/forward", "[usr]a");
        assertThat(api.status()).as("the sync API counts against the same bucket")
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void theSyncApiAnswersAProblemDocument() {
        MessageWriteRateLimitFilter filter = filter(1, Duration.ofMinutes(1), 3);
        assertThat(send(filter, HttpMethod.PUT, "/api/v1/conversations/x/read", "[usr]a").status())
                .isEqualTo(HttpStatus.OK);
        assertThat(send(filter, HttpMethod.DELETE, "/api/v1/conversations/x/messages/1", "[usr]a").status())
                .isEqualTo(HttpStatus.OK);
        assertThat(send(filter, HttpMethod.PATCH, "/api/v1", "[usr]a").status()).isEqualTo(HttpStatus.OK);
        for (HttpMethod method : new HttpMethod[]{HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
                HttpMethod.PATCH, HttpMethod.valueOf("UPDATE")}) {
            Answer refused = send(filter, method, "/api/v1/conversations/x/messages/1", "[usr]a");
            assertThat(refused.status()).as(method.name()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(refused.contentType()).as(method.name()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refused.body()).as(method.name()).isEqualTo(PROBLEM);
            assertThat(refused.retryAfter()).as(method.name()).isEqualTo("60");
        }
        advance(Duration.ofMillis(30_500));
        assertThat(send(filter, HttpMethod.POST, "/api/v1/x", "[usr]a").retryAfter())
                .as("29.5 s left, rounded up").isEqualTo("30");
        assertThat(send(filter, HttpMethod.POST, "/api/v1/x", "[usr]b").status()).as("another user")
                .isEqualTo(HttpStatus.OK);
        assertThat(send(filter, HttpMethod.POST, "/forward", "[usr]a").body()).as("legacy route, legacy envelope")
                .isEqualTo(TOO_MANY);
    }

    @Test
    void readsAndOtherRoutesAreNotLimited() {
        MessageWriteRateLimitFilter filter = filter(1, Duration.ofHours(1), 1);
        send(filter, HttpMethod.POST, "/forward", "[usr]a");
        assertThat(send(filter, HttpMethod.POST, "/forward", "[usr]a").status())
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        String[][] notLimited = {
                {"GET", "/message/id"}, {"GET", "/message"}, {"GET", "/forward"}, {"POST", "/message/id"},
                {"GET", "/message/id/delete-all"}, {"PUT", "/message/id/delete-self"}, {"DELETE", "/message/id"},
                {"GET", "/api/v1/conversations"}, {"GET", "/api/v1/conversations/x/messages?limit=50"},
                {"HEAD", "/api/v1/conversations"}, {"GET", "/api/v1"}, {"POST", "/api/v2/x"}, {"POST", "/api/v1x"},
                {"POST", "/group/create/x"}, {"POST", "/user/login"}, {"POST", "/forwards"}, {"PUT", "/message/id/x"},
                {"POST", "/file"}};
        for (String[] route : notLimited) {
            for (int i = 0; i < 3; i++) {
                assertThat(send(filter, HttpMethod.valueOf(route[0]), route[1], "[usr]a").status())
                        .as(route[0] + " " + route[1]).isEqualTo(HttpStatus.OK);
            }
        }
    }

    @Test
    void requestsWithoutACallerAreLeftToTheTokenCheck() {
        MessageWriteRateLimitFilter filter = filter(1, Duration.ofHours(1), 1);
        for (int i = 0; i < 3; i++) {
            assertThat(forward(filter, null).status()).isEqualTo(HttpStatus.OK);
        }
        assertThat(forward(filter, "[usr]a").status()).as("no shared anonymous bucket").isEqualTo(HttpStatus.OK);
        assertThat(MessageWriteRateLimitFilter.ORDER).as("runs after the token check, which answers 401 first")
                .isGreaterThan(AuthenticationFilter.ORDER)
                .isLessThan(SocketHandshakeFilter.ORDER);
    }

    @Test
    void pathsAreComparedWithRepeatedAndTrailingSlashesRemoved() {
        assertThat(MessageWriteRateLimitFilter.canonical("/forward/")).isEqualTo("/forward");
        assertThat(MessageWriteRateLimitFilter.canonical("//message///id//")).isEqualTo("/message/id");
        assertThat(MessageWriteRateLimitFilter.canonical("/")).isEqualTo("/");
        assertThat(MessageWriteRateLimitFilter.kindOf(HttpMethod.POST, "/api/v1/"))
                .isEqualTo(MessageWriteRateLimitFilter.Kind.API);
        assertThat(MessageWriteRateLimitFilter.kindOf(HttpMethod.DELETE, "/message/id/delete-all/"))
                .isEqualTo(MessageWriteRateLimitFilter.Kind.LEGACY);
    }
}
