package im.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class RequestRulesTest {

    @Test
    void apiPathsAreTheRoutedPrefixesTheSocketAndApi() {
        assertThat(ApiPaths.isApi("/user")).isTrue();
        assertThat(ApiPaths.isApi("/user/[usr]x")).isTrue();
        assertThat(ApiPaths.isApi("/all-interact")).isTrue();
        assertThat(ApiPaths.isApi("/socket.io")).isTrue();
        assertThat(ApiPaths.isApi("/api/v1/x")).isTrue();
        assertThat(ApiPaths.isApi("/users")).isFalse();
        assertThat(ApiPaths.isApi("/panel/[usr]x")).isFalse();
        assertThat(ApiPaths.isApi("/")).isFalse();
    }

    @Test
    void onlyRegisterLoginAndFileDownloadsArePublic() {
        assertThat(ApiPaths.isPublic(HttpMethod.POST, "/user/register")).isTrue();
        assertThat(ApiPaths.isPublic(HttpMethod.POST, "/user/login")).isTrue();
        assertThat(ApiPaths.isPublic(HttpMethod.GET, "/user/login")).isFalse();
        assertThat(ApiPaths.isPublic(HttpMethod.GET, "/file/a.png")).isTrue();
        assertThat(ApiPaths.isPublic(HttpMethod.HEAD, "/file/a.png")).isTrue();
        assertThat(ApiPaths.isPublic(HttpMethod.POST, "/file")).isFalse();
        assertThat(ApiPaths.isPublic(HttpMethod.GET, "/user/[usr]x")).isFalse();
    }

    @Test
    void pathsAServiceCouldNormaliseDifferentlyAreUnsafe() {
        assertThat(RequestGuardFilter.isSafePath("/user/[usr]abc")).isTrue();
        assertThat(RequestGuardFilter.isSafePath("/file/a.b.png")).isTrue();
        assertThat(RequestGuardFilter.isSafePath("/user/../internal/v1")).isFalse();
        assertThat(RequestGuardFilter.isSafePath("/user/./x")).isFalse();
        assertThat(RequestGuardFilter.isSafePath("/user/%2e%2e/internal")).isFalse();
        assertThat(RequestGuardFilter.isSafePath("/user/%2E./internal")).isFalse();
        assertThat(RequestGuardFilter.isSafePath("/user/a%2Finternal")).isFalse();
        assertThat(RequestGuardFilter.isSafePath("/user/..;/internal")).isFalse();
        assertThat(RequestGuardFilter.isSafePath("/user\\..\\internal")).isFalse();
    }

    @Test
    void encodedUnreservedCharactersAreUnsafeBecauseRoutesMatchTheDecodedPath() {
        assertThat(RequestGuardFilter.isSafePath("/%75ser/name")).isFalse();
        assertThat(RequestGuardFilter.isSafePath("/%73ocket.io")).isFalse();
        for (String encoded : new String[]{"%30", "%39", "%41", "%5A", "%5a", "%61", "%7A", "%7a", "%2D", "%2d",
                "%5F", "%7E", "%7e", "%4F", "%6f"}) {
            assertThat(RequestGuardFilter.isSafePath("/user/x" + encoded)).as(encoded).isFalse();
        }
        for (String encoded : new String[]{"%5B", "%5D", "%20", "%40", "%60", "%7B", "%3A", "%2B", "%E8%B7%AF"}) {
            assertThat(RequestGuardFilter.isSafePath("/user/x" + encoded)).as(encoded).isTrue();
        }
    }

    @Test
    void sameOriginComparesHostAndPortWithTheSchemeDefault() {
        assertThat(SocketHandshakeFilter.sameOrigin("http://localhost:8888", "localhost:8888")).isTrue();
        assertThat(SocketHandshakeFilter.sameOrigin("https://chat.example.org", "chat.example.org")).isTrue();
        assertThat(SocketHandshakeFilter.sameOrigin("https://chat.example.org", "chat.example.org:443")).isTrue();
        assertThat(SocketHandshakeFilter.sameOrigin("http://CHAT.example.org", "chat.example.org")).isTrue();
        assertThat(SocketHandshakeFilter.sameOrigin("http://evil.example", "localhost:8888")).isFalse();
        assertThat(SocketHandshakeFilter.sameOrigin("http://localhost:3000", "localhost:8888")).isFalse();
        assertThat(SocketHandshakeFilter.sameOrigin("null", "localhost:8888")).isFalse();
        assertThat(SocketHandshakeFilter.sameOrigin("http://localhost:8888", null)).isFalse();
    }

    @Test
    void usernamesTravelAsUtf8BytesWithoutControlCharacters() {
        assertThat(AuthenticationFilter.headerValue("nami")).isEqualTo("nami");
        assertThat(AuthenticationFilter.headerValue("a\r\nb")).isEqualTo("a??b");
        String chinese = AuthenticationFilter.headerValue("路飞");
        assertThat(new String(chinese.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("路飞");
    }
}
