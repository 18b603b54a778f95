package im.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LegacyUriEncodingTest {

    @Test
    void legacyIdsWithBracketsBecomeParseable() {
        String encoded = LegacyUriEncoding.encode("/user/[usr]abc?uuid=[usr]abc");
        assertThat(encoded).isEqualTo("/user/%5Busr%5Dabc?uuid=%5Busr%5Dabc");
        assertThat(URI.create(encoded).getPath()).isEqualTo("/user/[usr]abc");
    }

    @Test
    void validTargetsAreLeftAlone() {
        String target = "/message?Uuid=a%20b&MessageType=1";
        assertThat(LegacyUriEncoding.encode(target)).isSameAs(target);
    }

    @Test
    void strayPercentSignsSpacesAndNonAsciiAreEscaped() {
        assertThat(LegacyUriEncoding.encode("/user/name?name=100%")).isEqualTo("/user/name?name=100%25");
        assertThat(LegacyUriEncoding.encode("/user/name?name=路飞 x")).isEqualTo("/user/name?name=%E8%B7%AF%E9%A3%9E%20x");
        assertThat(LegacyUriEncoding.encode("/a|b")).isEqualTo("/a%7Cb");
    }
}
