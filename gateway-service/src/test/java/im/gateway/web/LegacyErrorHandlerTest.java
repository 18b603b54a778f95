package im.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

class LegacyErrorHandlerTest {

    private final LegacyErrorHandler handler = new LegacyErrorHandler();

    private MockServerWebExchange handle(Throwable error) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/user/x"));
        handler.handle(exchange, error).block();
        return exchange;
    }

    @Test
    void anUnreachableServiceIs503InTheLegacyEnvelope() {
        MockServerWebExchange exchange = handle(new IllegalStateException("wrapped",
                new ConnectException("Connection refused")));
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .isEqualTo("{\"code\":-1,\"msg\":\"service unavailable\",\"data\":null}");
    }

    @Test
    void aSlowServiceIs504() {
        assertThat(handle(new TimeoutException()).getResponse().getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
    }

    @Test
    void statusExceptionsKeepTheirStatus() {
        MockServerWebExchange exchange = handle(new ResponseStatusException(HttpStatus.NOT_FOUND));
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"msg\":\"not found\"");
    }

    @Test
    void anythingElseIs500WithoutDetails() {
        MockServerWebExchange exchange = handle(new IllegalArgumentException("secret detail"));
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(exchange.getResponse().getBodyAsString().block()).doesNotContain("secret")
                .contains("internal server error");
    }
}
