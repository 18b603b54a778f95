package im.user.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.user.config.UserImportProperties;
import im.user.config.UserImportProperties.PagingStyle;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The page URLs of each paging style; next links stay on the source's origin. */
class SourcePagingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode EMPTY = JSON.createObjectNode();

    private static SourcePaging paging(String url, PagingStyle style, int pageSize, int firstPage, int maxPages) {
        return new SourcePaging(new UserImportProperties.Source("s", url, new UserImportProperties.Auth(null, null),
                new UserImportProperties.Paging(style, pageSize, "page", "per_page", firstPage, "offset", "limit",
                        "/links/next", maxPages), "",
                new UserImportProperties.Fields("", "/username", "", "", "", "", ""),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 100, DataSize.ofMegabytes(1), 0, Duration.ZERO, false,
                true, new UserImportProperties.Schedule(null, null, "UTC")));
    }

    @Test
    void pageStyleCountsPagesAndStopsAtAShortPage() throws Exception {
        SourcePaging paging = paging("https://hr.example.org/api/users?active=true&page=9", PagingStyle.PAGE, 50, 1, 10);

        URI first = paging.first();
        assertThat(first).hasToString("https://hr.example.org/api/users?active=true&page=1&per_page=50");
        URI second = paging.next(first, EMPTY, 50);
        assertThat(second).hasToString("https://hr.example.org/api/users?active=true&page=2&per_page=50");
        assertThat(paging.pageNumber()).isEqualTo(2);
        assertThat(paging.next(second, EMPTY, 49)).isNull();
    }

    @Test
    void offsetStyleAdvancesByTheRecordsRead() throws Exception {
        SourcePaging paging = paging("http://src.local/users", PagingStyle.OFFSET, 20, 1, 10);

        URI first = paging.first();
        assertThat(first).hasToString("http://src.local/users?offset=0&limit=20");
        URI second = paging.next(first, EMPTY, 20);
        assertThat(second).hasToString("http://src.local/users?offset=20&limit=20");
        assertThat(paging.next(second, EMPTY, 20)).hasToString("http://src.local/users?offset=40&limit=20");
        assertThat(paging.next(second, EMPTY, 0)).isNull();
    }

    @Test
    void noPagingReadsOnce() throws Exception {
        SourcePaging paging = paging("http://src.local/users", PagingStyle.NONE, 20, 1, 10);
        assertThat(paging.next(paging.first(), EMPTY, 20)).isNull();
    }

    @Test
    void nextLinksResolveOnTheSameOriginOnly() throws Exception {
        SourcePaging paging = paging("http://src.local:8080/users", PagingStyle.NEXT_LINK, 20, 1, 10);
        URI first = paging.first();

        URI relative = paging.next(first, JSON.readTree("{\"links\": {\"next\": \"/users?cursor=abc\"}}"), 20);
        assertThat(relative).hasToString("http://src.local:8080/users?cursor=abc");
        assertThat(paging.next(relative, JSON.readTree("{\"links\": {\"next\": \"http://SRC.local:8080/users?cursor=d\"}}"), 20))
                .hasToString("http://SRC.local:8080/users?cursor=d");
        assertThat(paging.next(relative, JSON.readTree("{\"links\": {\"next\": null}}"), 20)).isNull();
        assertThat(paging.next(relative, JSON.readTree("{\"links\": {}}"), 20)).isNull();

        for (String foreign : new String[]{"http://169.254.169.254/latest", "https://src.local:8080/users",
                "http://src.local:8081/users", "//evil.example.org/users", "file:///etc/passwd"}) {
            SourcePaging fresh = paging("http://src.local:8080/users", PagingStyle.NEXT_LINK, 20, 1, 10);
            URI start = fresh.first();
            assertThatThrownBy(() -> fresh.next(start, JSON.readTree("{\"links\": {\"next\": \"" + foreign + "\"}}"), 1))
                    .as(foreign).isInstanceOf(SourcePaging.PagingFailure.class)
                    .hasMessageContaining("not followed");
        }
    }

    @Test
    void loopsAndEndlessSourcesStop() throws Exception {
        SourcePaging looping = paging("http://src.local/users", PagingStyle.NEXT_LINK, 20, 1, 100);
        URI first = looping.first();
        assertThatThrownBy(() -> looping.next(first, JSON.readTree("{\"links\": {\"next\": \"/users\"}}"), 1))
                .hasMessageContaining("paging loop");

        SourcePaging endless = paging("http://src.local/users", PagingStyle.PAGE, 10, 0, 3);
        URI uri = endless.first();
        assertThat(uri).hasToString("http://src.local/users?page=0&per_page=10");
        uri = endless.next(uri, EMPTY, 10);
        uri = endless.next(uri, EMPTY, 10);
        URI last = uri;
        assertThatThrownBy(() -> endless.next(last, EMPTY, 10)).hasMessage("more than 3 pages (paging.max-pages)");
    }
}
