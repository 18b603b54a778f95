package im.user.web;

import im.platform.security.TokenProperties;
import im.user.config.SessionCookieProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.ForwardedHeaderUtils;

/**
 * The {@code im_token} cookie set at login: HttpOnly, SameSite=Lax, Path=/, as long-lived as the token, and
 * {@code Secure} when the client's request came over HTTPS (this service sees it directly, or the gateway passes
 * on {@code X-Forwarded-Proto} / {@code Forwarded}) or when {@code im.security.cookie-secure} is set.
 */
@Component
public class SessionCookie {

    private final TokenProperties tokens;
    private final boolean alwaysSecure;

    public SessionCookie(TokenProperties tokens, SessionCookieProperties properties) {
        this.tokens = tokens;
        this.alwaysSecure = properties.cookieSecure();
    }

    public ResponseCookie of(String token, HttpServletRequest request) {
        return ResponseCookie.from(tokens.cookieName(), token)
                .httpOnly(true)
                .secure(alwaysSecure || overHttps(request))
                .path("/")
                .sameSite("Lax")
                .maxAge(tokens.tokenTtl())
                .build();
    }

    /** The scheme the client used: the request's own, or the one named by the forwarding headers. */
    static boolean overHttps(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        ServletServerHttpRequest http = new ServletServerHttpRequest(request);
        String scheme = ForwardedHeaderUtils.adaptFromForwardedHeaders(http.getURI(), http.getHeaders())
                .build().getScheme();
        return "https".equalsIgnoreCase(scheme);
    }
}
