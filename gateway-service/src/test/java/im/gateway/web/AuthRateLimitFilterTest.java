package im.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.config.GatewayProperties;
import im.gateway.support.TestProperties;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class AuthRateLimitFilterTest {

    private static final String TOO_MANY = "{\"code\":-1,\"msg\":\"too many requests\",\"data\":null}";

    private static AuthRateLimitFilter filter(int perMinute, boolean trustForwardedFor) {
        return new AuthRateLimitFilter(TestProperties.gateway(List.of("*"),
                new GatewayProperties.AuthRateLimit(perMinute, Duration.ofMinutes(1), perMinute, 1000),
                trustForwardedFor));
    }

    /** The status the client sees (200: passed on to user-service) and the body the filter wrote. */
    private record Answer(HttpStatus status, String body) {
    }

    private static Answer post(AuthRateLimitFilter filter, String path, String ip, String forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post(path)
                .remoteAddress(new InetSocketAddress(ip, 40000));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, ex -> {
            ex.getResponse().setStatusCode(HttpStatus.OK);
            return ex.getResponse().setComplete();
        }).block();
        String body = exchange.getResponse().getBodyAsString().defaultIfEmpty("").block();
        return new Answer((HttpStatus) exchange.getResponse().getStatusCode(), body);
    }

    @Test
    void loginAbove30PerMinuteFromOneAddressIs429WithTheLegacyEnvelope() {
        AuthRateLimitFilter filter = filter(30, false);
        for (int i = 0; i < 30; i++) {
            assertThat(post(filter, "/user/login", "10.0.0.1", null).status()).as("request " + i)
                    .isEqualTo(HttpStatus.OK);
        }
        Answer refused = post(filter, "/user/login", "10.0.0.1", null);
        assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.body()).isEqualTo(TOO_MANY);
        assertThat(post(filter, "/user/login", "10.0.0.2", null).status()).as("another address")
                .isEqualTo(HttpStatus.OK);
        assertThat(post(filter, "/user/register", "10.0.0.1", null).status()).as("register has its own bucket")
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void registerIsLimitedToo() {
        AuthRateLimitFilter filter = filter(2, false);
        post(filter, "/user/register", "10.0.0.1", null);
        post(filter, "/user/register", "10.0.0.1", null);
        assertThat(post(filter, "/user/register", "10.0.0.1", null).status())
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void otherRequestsAreNotLimited() {
        AuthRateLimitFilter filter = filter(1, false);
        for (String path : new String[]{"/user/name", "/message", "/user/login/x"}) {
            post(filter, path, "10.0.0.1", null);
            assertThat(post(filter, path, "10.0.0.1", null).status()).as(path).isEqualTo(HttpStatus.OK);
        }
        MockServerWebExchange get = MockServerWebExchange.from(MockServerHttpRequest.get("/user/login")
                .remoteAddress(new InetSocketAddress("10.0.0.1", 1)));
        for (int i = 0; i < 3; i++) {
            filter.filter(get, ex -> Mono.empty()).block();
        }
        assertThat(get.getResponse().getStatusCode()).isNull();
    }

    @Test
    void xForwardedForIsIgnoredUnlessTrusted() {
        AuthRateLimitFilter untrusting = filter(1, false);
        post(untrusting, "/user/login", "10.0.0.1", "1.1.1.1");
        assertThat(post(untrusting, "/user/login", "10.0.0.1", "2.2.2.2").status())
                .as("a client cannot pick a fresh bucket by sending another X-Forwarded-For")
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        AuthRateLimitFilter trusting = filter(1, true);
        post(trusting, "/user/login", "10.0.0.9", "1.1.1.1");
        assertThat(post(trusting, "/user/login", "10.0.0.9", "2.2.2.2").status()).isEqualTo(HttpStatus.OK);
        assertThat(post(trusting, "/user/login", "10.0.0.9", "9.9.9.9, 1.1.1.1").status())
                .as("the last entry, the one the proxy appended, counts")
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }
}
