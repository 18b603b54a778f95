package im.platform.web;

import im.platform.logging.CorrelationIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every log line written while a REST request is handled carries a correlation id in the MDC
 * ({@link CorrelationIds#MDC_KEY}): the request's {@value CorrelationIds#HEADER} header when it is a plausible id
 * (see {@link CorrelationIds#sanitize}), else a new random one. The id is echoed in the response header.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = CorrelationIds.sanitize(request.getHeader(CorrelationIds.HEADER));
        if (id == null) {
            id = UUID.randomUUID().toString();
        }
        response.setHeader(CorrelationIds.HEADER, id);
        try (CorrelationIds.Scope scope = CorrelationIds.open(id)) {
            chain.doFilter(request, response);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
