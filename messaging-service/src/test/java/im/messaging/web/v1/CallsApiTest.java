package im.messaging.web.v1;

import static org.assertj.core.api.Assertions.assertThat;

import im.messaging.config.IceProperties;
import im.messaging.web.v1.CallsApi.IceServers;
import im.platform.web.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallsApiTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Caller ALICE = new Caller("[usr]aaaaaaaa-0000-4000-8000-000000000001", "alice");

    private static IceServers answer(IceProperties properties) {
        return new CallsApi(properties, Clock.fixed(NOW, ZoneOffset.UTC)).iceServers(ALICE);
    }

    @Test
    void withNothingConfiguredThereAreNoServers() {
        IceServers servers = answer(new IceProperties(List.of(), List.of(), "", "", "", Duration.ofHours(1)));

        assertThat(servers.iceServers()).isEmpty();
    }

    @Test
    void aTurnSecretGivesShortLivedCredentialsForTheCaller() throws Exception {
        IceServers servers = answer(new IceProperties(List.of("stun:stun.example.org:3478"),
                List.of("turn:turn.example.org:3478"), "s3cret", "", "", Duration.ofMinutes(10)));

        assertThat(servers.ttlSeconds()).isEqualTo(600);
        assertThat(servers.iceServers()).hasSize(2);
        assertThat(servers.iceServers().get(0).urls()).containsExactly("stun:stun.example.org:3478");
        assertThat(servers.iceServers().get(0).username()).isNull();
        CallsApi.IceServer turn = servers.iceServers().get(1);
        String expectedUsername = (NOW.getEpochSecond() + 600) + ":" + ALICE.uuid();
        assertThat(turn.username()).isEqualTo(expectedUsername);
        // what coturn computes for use-auth-secret: base64(HMAC-SHA1(secret, username)), computed here on its own
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec("s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "HmacSHA1"));
        assertThat(turn.credential()).isEqualTo(java.util.Base64.getEncoder().encodeToString(
                mac.doFinal(expectedUsername.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void withoutASecretTheStaticPairIsAnswered() {
        IceServers servers = answer(new IceProperties(List.of(), List.of("turn:turn.example.org"), "", "user", "pass",
                Duration.ofHours(1)));

        assertThat(servers.ttlSeconds()).isZero();
        assertThat(servers.iceServers()).singleElement().satisfies(turn -> {
            assertThat(turn.username()).isEqualTo("user");
            assertThat(turn.credential()).isEqualTo("pass");
        });
    }

    @Test
    void theHmacIsTheTurnRestApiOne() {
        // RFC 2202 test case 2: HMAC-SHA1("Jefe", "what do ya want for nothing?") = effcdf6ae5eb2fa2d27416d5f184df9c259a7c79
        assertThat(CallsApi.hmacSha1("Jefe", "what do ya want for nothing?"))
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of()
                        .parseHex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")));
    }
}
