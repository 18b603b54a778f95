package im.gateway.web;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/** Writes the legacy failure envelope {@code {"code":-1,"msg":...,"data":null}} with an HTTP status. */
public final class LegacyErrors {

    private LegacyErrors() {
    }

    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String msg) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json(msg).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    public static String json(String msg) {
        return "{\"code\":-1,\"msg\":\"" + escape(msg) + "\",\"data\":null}";
    }

    /** The short message of each status the gateway itself answers. */
    public static String messageFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not found";
            case METHOD_NOT_ALLOWED -> "method not allowed";
            case CONTENT_TOO_LARGE -> "request too large";
            case TOO_MANY_REQUESTS -> "too many requests";
            case SERVICE_UNAVAILABLE, BAD_GATEWAY -> "service unavailable";
            case GATEWAY_TIMEOUT -> "gateway timeout";
            default -> status.is5xxServerError() ? "internal server error" : status.getReasonPhrase().toLowerCase();
        };
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
