package im.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.support.TestProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/** The explicit-origin mode (the integration test runs the default "*"). */
class CorsFilterTest {

    private static CorsFilter filter(List<String> origins) {
        return new CorsFilter(TestProperties.gateway(origins));
    }

    private static HttpHeaders run(CorsFilter filter, String origin) {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/user/x").header(HttpHeaders.ORIGIN, origin));
        filter.filter(exchange, ex -> {
            ex.getResponse().getHeaders().set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://from-a-service");
            ex.getResponse().setStatusCode(HttpStatus.OK);
            return ex.getResponse().setComplete();
        }).block();
        return exchange.getResponse().getHeaders();
    }

    @Test
    void aListedOriginIsEchoedWithCredentials() {
        HttpHeaders headers = run(filter(List.of("https://chat.example.org")), "https://chat.example.org");
        assertThat(headers.getAccessControlAllowOrigin()).isEqualTo("https://chat.example.org");
        assertThat(headers.getFirst(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)).isEqualTo("true");
        assertThat(headers.getVary()).contains(HttpHeaders.ORIGIN);
    }

    @Test
    void anUnlistedOriginGetsNoCorsHeadersNotEvenAServices() {
        HttpHeaders headers = run(filter(List.of("https://chat.example.org")), "https://evil.example");
        assertThat(headers.getAccessControlAllowOrigin()).isNull();
        assertThat(headers.getFirst(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)).isNull();
    }

    @Test
    void theWildcardNeverAllowsCredentials() {
        HttpHeaders headers = run(filter(List.of("*")), "https://any.example");
        assertThat(headers.getAccessControlAllowOrigin()).isEqualTo("*");
        assertThat(headers.getFirst(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)).isNull();
        assertThat(headers.getFirst(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS)).isEqualTo(CorsFilter.ALLOW_METHODS);
    }

    @Test
    void withoutOriginNoCorsHeadersAreAdded() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/user/x"));
        filter(List.of("*")).filter(exchange, ex -> ex.getResponse().setComplete()).block();
        assertThat(exchange.getResponse().getHeaders().getAccessControlAllowOrigin()).isNull();
    }

    @Test
    void optionsIsAnsweredOkWithoutCallingTheChain() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.options("/anything"));
        filter(List.of("*")).filter(exchange, ex -> Mono.error(new AssertionError("chain called"))).block();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("\"ok!\"");
    }
}
