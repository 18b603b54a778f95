package im.messaging.web.v1;

import im.messaging.config.IceProperties;
import im.platform.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ICE servers for WebRTC calls, from configuration, so clients do not hard-code them. With a TURN shared secret
 * the credentials follow the TURN REST API scheme (what coturn's {@code use-auth-secret} checks): username
 * {@code <expiry epoch seconds>:<user id>}, password {@code base64(HMAC-SHA1(secret, username))}, valid until the
 * expiry; without one, a static username/password pair if configured.
 */
@RestController
@RequestMapping("/api/v1/calls")
@Tag(name = "calls", description = "configuration for WebRTC calls")
public class CallsApi {

    private final IceProperties ice;
    private final Clock clock;

    @Autowired
    public CallsApi(IceProperties ice) {
        this(ice, Clock.systemUTC());
    }

    CallsApi(IceProperties ice, Clock clock) {
        this.ice = ice;
        this.clock = clock;
    }

    /** One entry of {@code RTCConfiguration.iceServers}. */
    public record IceServer(List<String> urls, String username, String credential) {
    }

    /** @param ttlSeconds how long the TURN credentials are valid (0: static or none) */
    public record IceServers(List<IceServer> iceServers, long ttlSeconds) {
    }

    @GetMapping("/ice-servers")
    @Operation(summary = "STUN/TURN servers for RTCPeerConnection, with short-lived TURN credentials if configured")
    public IceServers iceServers(@Parameter(hidden = true) Caller caller) {
        List<IceServer> servers = new ArrayList<>();
        if (!ice.stunUrls().isEmpty()) {
            servers.add(new IceServer(ice.stunUrls(), null, null));
        }
        long ttl = 0;
        if (!ice.turnUrls().isEmpty()) {
            if (!ice.turnSecret().isEmpty()) {
                ttl = ice.turnTtl().toSeconds();
                String username = (clock.instant().getEpochSecond() + ttl) + ":" + caller.uuid();
                servers.add(new IceServer(ice.turnUrls(), username, hmacSha1(ice.turnSecret(), username)));
            } else {
                servers.add(new IceServer(ice.turnUrls(), emptyToNull(ice.turnUsername()),
                        emptyToNull(ice.turnCredential())));
            }
        }
        return new IceServers(servers, ttl);
    }

    static String hmacSha1(String secret, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
