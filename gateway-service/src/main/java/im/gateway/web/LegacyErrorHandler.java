package im.gateway.web;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway itself answers, in the legacy envelope: 404 for unknown paths, 405, 413, 503 when a
 * service cannot be reached, 504 when it does not answer in time, 500 for anything else (logged without bodies).
 * Ordered before Spring Boot's default handler.
 */
@Component
@Order(-2)
public class LegacyErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(LegacyErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        HttpStatus status = statusOf(error);
        if (status.is5xxServerError()) {
            log.warn("{} {} failed with {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().pathWithinApplication().value(), status.value(), error.toString());
        }
        exchange.getResponse().getHeaders().clearContentHeaders();
        return LegacyErrors.write(exchange.getResponse(), status, LegacyErrors.messageFor(status));
    }

    static HttpStatus statusOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ResponseStatusException statusException) {
                HttpStatus status = HttpStatus.resolve(statusException.getStatusCode().value());
                return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
            }
            if (cause instanceof ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException) {
                return HttpStatus.SERVICE_UNAVAILABLE;
            }
            if (cause instanceof TimeoutException) {
                return HttpStatus.GATEWAY_TIMEOUT;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
