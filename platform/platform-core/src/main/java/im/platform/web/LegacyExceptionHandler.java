package im.platform.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of a servlet service into the legacy envelope with a fitting HTTP status. Never echoes
 * request bodies and never logs them (they may hold passwords or message text).
 */
@RestControllerAdvice
public class LegacyExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(LegacyExceptionHandler.class);

    private final HttpStatus businessStatus;

    public LegacyExceptionHandler(LegacyWebProperties properties) {
        this.businessStatus = HttpStatus.valueOf(properties.businessErrorStatus());
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<LegacyResponse<Void>> api(ApiException e) {
        HttpStatus status = switch (e.kind()) {
            case BUSINESS -> businessStatus;
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
        };
        return ResponseEntity.status(status).body(LegacyResponse.error(e.getMessage()));
    }

    @ExceptionHandler(DomainException.class)
    ResponseEntity<LegacyResponse<Void>> domain(DomainException e) {
        return ResponseEntity.status(businessStatus).body(LegacyResponse.error(e.getMessage()));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<LegacyResponse<Void>> command(CommandExecutionException e) {
        if (e.getCause() instanceof DomainException domain) {
            return domain(domain);
        }
        Object details = e.getDetails().orElse(null);
        if (details instanceof String message) {
            return ResponseEntity.status(businessStatus).body(LegacyResponse.error(message));
        }
        return unexpected(e);
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<LegacyResponse<Void>> malformed(Exception e) {
        return ResponseEntity.badRequest().body(LegacyResponse.error("malformed request"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<LegacyResponse<Void>> missingParameter(MissingServletRequestParameterException e) {
        return ResponseEntity.status(businessStatus)
                .body(LegacyResponse.error("missing parameter " + e.getParameterName()));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<LegacyResponse<Void>> missingHeader(MissingRequestHeaderException e) {
        return api(ApiException.unauthorized());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<LegacyResponse<Void>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(LegacyResponse.error("unsupported content type"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<LegacyResponse<Void>> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(LegacyResponse.error("method not allowed"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<LegacyResponse<Void>> notFound(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(LegacyResponse.error("not found"));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<LegacyResponse<Void>> tooLarge(MaxUploadSizeExceededException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(LegacyResponse.error("request too large"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<LegacyResponse<Void>> unexpected(Exception e) {
        log.error("unexpected failure: {}", e.toString(), e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(LegacyResponse.error("internal server error"));
    }
}
