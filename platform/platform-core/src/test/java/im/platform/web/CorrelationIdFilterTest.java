package im.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.platform.logging.CorrelationIds;
import jakarta.servlet.FilterChain;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class CorrelationIdFilterTest {

    private final CorrelationIdFilter filter = new CorrelationIdFilter();

    @Test
    void theHeadersIdIsTheMdcCorrelationIdDuringTheRequestAndEchoed() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/user/x");
        request.addHeader(CorrelationIds.HEADER, "frame-123");
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<String> seen = new AtomicReference<>();

        filter.doFilter(request, response, (FilterChain) (req, res) -> seen.set(CorrelationIds.current()));

        assertThat(seen).hasValue("frame-123");
        assertThat(response.getHeader(CorrelationIds.HEADER)).isEqualTo("frame-123");
        assertThat(CorrelationIds.current()).isNull();
    }

    @Test
    void aMissingOrForgedIdIsReplacedByANewOne() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/user/x");
        request.addHeader(CorrelationIds.HEADER, "x\nFAKE log line");
        AtomicReference<String> seen = new AtomicReference<>();

        filter.doFilter(request, new MockHttpServletResponse(),
                (FilterChain) (req, res) -> seen.set(CorrelationIds.current()));

        assertThat(seen.get()).matches("[0-9a-f-]{36}");
        assertThat(CorrelationIds.current()).isNull();
    }
}
