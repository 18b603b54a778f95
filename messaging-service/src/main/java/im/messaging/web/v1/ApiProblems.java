package im.messaging.web.v1;

import im.messaging.api.MessageRefusedException;
import im.messaging.api.RefusalCode;
import im.platform.axon.DomainCommands;
import im.platform.web.ApiException;
import im.platform.web.DomainException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of the v1 API as RFC 9457 problem documents ({@code application/problem+json}): {@code status},
 * {@code title}, {@code detail} (safe to show) and {@code code}, the same machine-readable code as the socket's error
 * frames. Status by kind: unknown message, user or group 404; not allowed (not the author, not a member, not a
 * contact, deleted account) 403; a rule about the message's state (deleted, too old, not editable) 409; bad input
 * 400. Takes precedence over the legacy envelope for the v1 controllers only.
 */
@RestControllerAdvice(assignableTypes = {ConversationApi.class, CallsApi.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    /** A 400 problem with {@code code}, to throw from a v1 controller. */
    static ErrorResponseException badRequest(String code, String detail) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, code, detail), null);
    }

    @ExceptionHandler(ErrorResponseException.class)
    ProblemDetail errorResponse(ErrorResponseException e) {
        return e.getBody();
    }

    @ExceptionHandler(MessageRefusedException.class)
    ProblemDetail refused(MessageRefusedException e) {
        return problem(status(e.code()), e.code().wire(), e.getMessage());
    }

    @ExceptionHandler(DomainException.class)
    ProblemDetail domain(DomainException e) {
        return problem(HttpStatus.BAD_REQUEST, "refused", e.getMessage());
    }

    @ExceptionHandler(ApiException.class)
    ProblemDetail api(ApiException e) {
        return switch (e.kind()) {
            case FORBIDDEN -> problem(HttpStatus.FORBIDDEN, "forbidden", "forbidden");
            case UNAUTHORIZED -> problem(HttpStatus.UNAUTHORIZED, "unauthorized", "unauthorized");
            case TOO_LARGE -> problem(HttpStatus.CONTENT_TOO_LARGE, "too_large", "request too large");
            case MALFORMED, BUSINESS -> problem(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
        };
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ProblemDetail unauthorized(MissingRequestHeaderException e) {
        return problem(HttpStatus.UNAUTHORIZED, "unauthorized", "unauthorized");
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class,
            MissingServletRequestParameterException.class})
    ProblemDetail malformed(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "malformed_request", "malformed request");
    }

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        RuntimeException translated = DomainCommands.translate(e, "message doesn't exist");
        if (translated instanceof MessageRefusedException refused) {
            return refused(refused);
        }
        if (translated instanceof DomainException domain) {
            return domain(domain);
        }
        log.error("unexpected failure: {}", e.toString(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "internal server error");
    }

    private static HttpStatus status(RefusalCode code) {
        return switch (code) {
            case UNKNOWN_MESSAGE, UNKNOWN_RECIPIENT, UNKNOWN_GROUP -> HttpStatus.NOT_FOUND;
            case NOT_AUTHOR, NOT_GROUP_MEMBER, NOT_CONTACT, NOT_PARTICIPANT, ACCOUNT_DELETED -> HttpStatus.FORBIDDEN;
            case MESSAGE_DELETED, EDIT_WINDOW_PASSED, DELETE_WINDOW_PASSED, NOT_EDITABLE -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.BAD_REQUEST;
        };
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("about:blank"));
        problem.setProperty("code", code);
        return problem;
    }
}
