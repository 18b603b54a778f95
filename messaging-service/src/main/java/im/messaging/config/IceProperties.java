package im.messaging.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The STUN/TURN servers clients use for calls ({@code im.ice.*}), answered by {@code GET /api/v1/calls/ice-servers}.
 *
 * @param stunUrls       e.g. {@code stun:stun.example.org:3478}; none by default (calls then work on one network)
 * @param turnUrls       e.g. {@code turn:turn.example.org:3478?transport=udp}; none by default
 * @param turnSecret     the TURN server's shared secret (coturn {@code static-auth-secret}): each answer carries
 *                       short-lived credentials; takes precedence over the static pair
 * @param turnUsername   a static TURN username (when no secret is set)
 * @param turnCredential a static TURN password (when no secret is set)
 * @param turnTtl        how long secret-derived credentials stay valid
 */
@ConfigurationProperties("im.ice")
public record IceProperties(
        @DefaultValue("") List<String> stunUrls,
        @DefaultValue("") List<String> turnUrls,
        @DefaultValue("") String turnSecret,
        @DefaultValue("") String turnUsername,
        @DefaultValue("") String turnCredential,
        @DefaultValue("1h") Duration turnTtl) {

    public IceProperties {
        stunUrls = stunUrls.stream().map(String::trim).filter(url -> !url.isEmpty()).toList();
        turnUrls = turnUrls.stream().map(String::trim).filter(url -> !url.isEmpty()).toList();
        if (turnTtl.isNegative() || turnTtl.isZero()) {
            throw new IllegalArgumentException("im.ice.turn-ttl (IM_ICE_TURN_TTL) must be positive");
        }
    }
}
