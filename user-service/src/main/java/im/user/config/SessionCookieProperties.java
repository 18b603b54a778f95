package im.user.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The session cookie settings of user-service, beside the platform's token settings under the same prefix.
 *
 * @param cookieSecure always mark the {@code im_token} cookie {@code Secure}, whatever the request's scheme (set it
 *                     when clients only ever reach the gateway over HTTPS); otherwise it is {@code Secure} only for
 *                     requests that came over HTTPS
 */
@ConfigurationProperties("im.security")
public record SessionCookieProperties(@DefaultValue("false") boolean cookieSecure) {
}
