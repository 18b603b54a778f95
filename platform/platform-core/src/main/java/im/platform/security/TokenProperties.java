package im.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwtSecret  HMAC key shared by user-service (issues tokens) and the gateway (verifies them); at least 32
 *                   bytes. Set {@code IM_JWT_SECRET}; the local launcher generates one per data directory.
 * @param tokenTtl   how long a token is valid
 * @param cookieName name of the HttpOnly cookie that carries the token for browser clients
 * @param issuer     the {@code iss} claim written and required
 */
@ConfigurationProperties("im.security")
public record TokenProperties(
        String jwtSecret,
        @DefaultValue("7d") Duration tokenTtl,
        @DefaultValue("im_token") String cookieName,
        @DefaultValue("im-server") String issuer) {
}
