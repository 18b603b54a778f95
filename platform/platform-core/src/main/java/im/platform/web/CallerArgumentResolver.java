package im.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a {@link Caller} controller parameter from {@link CallerHeaders}; none there means 401. The gateway sends
 * the username as UTF-8 bytes, which the servlet container reads as ISO-8859-1: they are re-decoded here.
 */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Caller.class.equals(parameter.getParameterType());
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        String uuid = request == null ? null : request.getHeader(CallerHeaders.USER_ID);
        if (uuid == null || uuid.isBlank()) {
            throw ApiException.unauthorized();
        }
        String username = request.getHeader(CallerHeaders.USERNAME);
        return new Caller(uuid, username == null ? "" : utf8(username));
    }
}
