package im.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.platform.security.TokenProperties;
import im.user.config.SessionCookieProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.web.MockHttpServletRequest;

class SessionCookieTest {

    private static final TokenProperties TOKENS =
            new TokenProperties("0123456789abcdef0123456789abcdef", Duration.ofDays(7), "im_token", "im-server");

    private static MockHttpServletRequest login() {
        return new MockHttpServletRequest("POST", "/user/login");
    }

    @Test
    void overPlainHttpTheCookieIsNotSecure() {
        ResponseCookie cookie = new SessionCookie(TOKENS, new SessionCookieProperties(false)).of("t", login());
        assertThat(cookie.isSecure()).isFalse();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getMaxAge()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theSettingMakesItSecureEvenOverPlainHttp() {
        ResponseCookie cookie = new SessionCookie(TOKENS, new SessionCookieProperties(true)).of("t", login());
        assertThat(cookie.isSecure()).isTrue();
        assertThat(cookie.toString()).contains("; Secure");
    }

    @Test
    void aSecureRequestOrAForwardedHttpsMakesItSecure() {
        SessionCookie cookies = new SessionCookie(TOKENS, new SessionCookieProperties(false));
        MockHttpServletRequest direct = login();
        direct.setSecure(true);
        MockHttpServletRequest forwarded = login();
        forwarded.addHeader("X-Forwarded-Proto", "https");
        MockHttpServletRequest chain = login();
        chain.addHeader("X-Forwarded-Proto", "https, http");
        MockHttpServletRequest standard = login();
        standard.addHeader("Forwarded", "for=192.0.2.60;proto=https");
        MockHttpServletRequest forwardedHttp = login();
        forwardedHttp.addHeader("X-Forwarded-Proto", "http");

        assertThat(cookies.of("t", direct).isSecure()).isTrue();
        assertThat(cookies.of("t", forwarded).isSecure()).isTrue();
        assertThat(cookies.of("t", chain).isSecure()).isTrue();
        assertThat(cookies.of("t", standard).isSecure()).isTrue();
        assertThat(cookies.of("t", forwardedHttp).isSecure()).isFalse();
    }
}
