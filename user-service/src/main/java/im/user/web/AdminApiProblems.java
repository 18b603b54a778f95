package im.user.web;

import im.platform.axon.DomainCommands;
import im.platform.web.ApiException;
import im.platform.web.DomainException;
import im.user.api.UserErrors;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of the admin API as RFC 9457 problem documents ({@code application/problem+json}) with a {@code code}, as
 * the v1 sync API answers them: 401 {@code unauthorized}, 403 {@code forbidden}, 404, 400 {@code malformed_request}.
 * Takes precedence over the legacy envelope for the admin controller only.
 */
@RestControllerAdvice(assignableTypes = AdminUserImportController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AdminApiProblems {

    private static final Logger log = LoggerFactory.getLogger(AdminApiProblems.class);

    static ErrorResponseException problem(HttpStatus status, String code, String detail) {
        return new ErrorResponseException(status, body(status, code, detail), null);
    }

    @ExceptionHandler(ErrorResponseException.class)
    ProblemDetail errorResponse(ErrorResponseException e) {
        return e.getBody();
    }

    @ExceptionHandler(ApiException.class)
    ProblemDetail api(ApiException e) {
        return switch (e.kind()) {
            case FORBIDDEN -> body(HttpStatus.FORBIDDEN, "forbidden", "forbidden");
            case UNAUTHORIZED -> body(HttpStatus.UNAUTHORIZED, "unauthorized", "unauthorized");
            case TOO_LARGE -> body(HttpStatus.CONTENT_TOO_LARGE, "too_large", "request too large");
            case MALFORMED, BUSINESS -> body(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
        };
    }

    @ExceptionHandler(DomainException.class)
    ProblemDetail domain(DomainException e) {
        if (UserErrors.USER_NOT_FOUND.equals(e.getMessage())) {
            return body(HttpStatus.NOT_FOUND, "user_not_found", e.getMessage());
        }
        return body(HttpStatus.BAD_REQUEST, "refused", e.getMessage());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class,
            MissingServletRequestParameterException.class, HttpMediaTypeNotSupportedException.class})
    ProblemDetail malformed(Exception e) {
        return body(HttpStatus.BAD_REQUEST, "malformed_request", "malformed request");
    }

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        RuntimeException translated = DomainCommands.translate(e, UserErrors.USER_NOT_FOUND);
        if (translated instanceof DomainException domain) {
            return domain(domain);
        }
        log.error("unexpected failure: {}", e.toString(), e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "internal server error");
    }

    private static ProblemDetail body(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("about:blank"));
        problem.setProperty("code", code);
        return problem;
    }
}
