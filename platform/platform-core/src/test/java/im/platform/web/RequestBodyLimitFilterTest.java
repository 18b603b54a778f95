package im.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestBodyLimitFilterTest {

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(10, Map.of("/upload", 100L));

    private int status(String path, int bodyBytes) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setContent(new byte[bodyBytes]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return chain.getRequest() == null ? response.getStatus() : 200;
    }

    @Test
    void everyPathHasTheDefaultLimit() throws Exception {
        assertThat(status("/user", 10)).isEqualTo(200);
        assertThat(status("/user", 11)).isEqualTo(413);
    }

    @Test
    void aDeclaredPathHasItsOwnLimit() throws Exception {
        assertThat(status("/upload", 100)).isEqualTo(200);
        assertThat(status("/upload", 101)).isEqualTo(413);
    }

    @Test
    void otherSpellingsOfADeclaredPathKeepTheDefault() throws Exception {
        assertThat(status("/upload/", 11)).isEqualTo(413);
        assertThat(status("/upload;x=y", 11)).isEqualTo(413);
        assertThat(status("/uploads", 11)).isEqualTo(413);
    }
}
