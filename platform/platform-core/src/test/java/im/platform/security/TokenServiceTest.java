package im.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private static TokenService service(String secret, Clock clock) {
        return new TokenService(new TokenProperties(secret, Duration.ofHours(1), "im_token", "im-server"), clock);
    }

    private static TokenService service() {
        return service(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void anIssuedTokenVerifiesToItsUser() {
        TokenService.VerifiedToken issued = service().issue("[usr]a", "alice");

        TokenService.VerifiedToken verified = service().verify(issued.token()).orElseThrow();

        assertThat(verified.userUuid()).isEqualTo("[usr]a");
        assertThat(verified.username()).isEqualTo("alice");
        assertThat(verified.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void aTamperedTokenIsRejected() {
        String token = service().issue("[usr]a", "alice").token();
        String[] parts = token.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"[usr]b\",\"iss\":\"im-server\",\"exp\":9999999999}".getBytes());

        assertThat(service().verify(parts[0] + "." + forgedPayload + "." + parts[2])).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRejected() {
        String token = service("another-secret-another-secret-another", Clock.fixed(NOW, ZoneOffset.UTC))
                .issue("[usr]a", "alice").token();

        assertThat(service().verify(token)).isEmpty();
    }

    @Test
    void anExpiredTokenIsRejected() {
        String token = service().issue("[usr]a", "alice").token();
        TokenService later = service(SECRET, Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));

        assertThat(later.verify(token)).isEmpty();
    }

    @Test
    void garbageIsRejected() {
        assertThat(service().verify("not-a-token")).isEmpty();
        assertThat(service().verify("")).isEmpty();
        assertThat(service().verify(null)).isEmpty();
    }

    @Test
    void aShortSecretRefusesToStart() {
        assertThatThrownBy(() -> service("short", Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IM_JWT_SECRET");
    }
}
