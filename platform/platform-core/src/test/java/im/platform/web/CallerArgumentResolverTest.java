package im.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

class CallerArgumentResolverTest {

    private final CallerArgumentResolver resolver = new CallerArgumentResolver();

    @Test
    void theCallerComesFromTheGatewayHeaders() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader(CallerHeaders.USER_ID, "[usr]a");
        request.addHeader(CallerHeaders.USERNAME, "alice");

        Caller caller = resolver.resolveArgument(null, null, new ServletWebRequest(request), null);

        assertThat(caller).isEqualTo(new Caller("[usr]a", "alice"));
    }

    @Test
    void aNonAsciiUsernameSentAsUtf8BytesIsDecoded() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader(CallerHeaders.USER_ID, "[usr]a");
        // what a servlet container hands over for the UTF-8 bytes of "路飞": one char per byte
        request.addHeader(CallerHeaders.USERNAME,
                new String("路飞".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));

        Caller caller = resolver.resolveArgument(null, null, new ServletWebRequest(request), null);

        assertThat(caller.username()).isEqualTo("路飞");
    }

    @Test
    void withoutTheHeaderTheCallerIsUnauthorized() {
        assertThatThrownBy(() -> resolver.resolveArgument(null, null,
                new ServletWebRequest(new MockHttpServletRequest()), null))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.UNAUTHORIZED));
    }

    @Test
    void requireSelfRefusesAnotherUser() {
        assertThatThrownBy(() -> new Caller("[usr]a", "alice").requireSelf("[usr]b"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.FORBIDDEN));
    }
}
