package im.user.importing;

import im.user.config.UserImportProperties;
import im.user.config.UserImportProperties.Paging;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * The URLs of a source's pages, one run at a time: the configured URL with the paging parameters set (page and offset
 * styles; any same-named parameter of the configured URL is replaced), or the next link an answer names (next-link
 * style). A next link must stay on the configured URL's scheme, host and port, so a source (or whoever tampers with
 * its answers) cannot make the server fetch anything else; a link seen before in the run ends it as an error.
 */
public final class SourcePaging {

    /** A paging rule the source broke: the run stops with this as its error. */
    public static final class PagingFailure extends Exception {
        public PagingFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final Paging paging;
    private final URI base;
    private final JsonPointer nextPointer;
    private final Set<URI> seen = new HashSet<>();
    private int pageIndex;
    private long offset;

    public SourcePaging(UserImportProperties.Source source) {
        this.paging = source.paging();
        this.base = URI.create(source.url());
        this.nextPointer = paging.nextPointer() == null || paging.nextPointer().isEmpty()
                ? null : JsonPointer.compile(paging.nextPointer());
    }

    /** The first page's URL. */
    public URI first() {
        pageIndex = 0;
        offset = 0;
        seen.clear();
        URI first = switch (paging.style()) {
            case PAGE -> withParams(paging.pageParam(), paging.firstPage(), paging.sizeParam(), paging.pageSize());
            case OFFSET -> withParams(paging.offsetParam(), 0, paging.limitParam(), paging.pageSize());
            case NONE, NEXT_LINK -> base;
        };
        seen.add(first);
        return first;
    }

    /**
     * The next page's URL after a page with {@code items} records and answer {@code body}; {@code null} when that was
     * the last page.
     */
    public URI next(URI current, JsonNode body, int items) throws PagingFailure {
        URI next = switch (paging.style()) {
            case NONE -> null;
            case PAGE -> items < paging.pageSize() ? null
                    : withParams(paging.pageParam(), paging.firstPage() + pageIndex + 1L, paging.sizeParam(),
                            paging.pageSize());
            case OFFSET -> items < paging.pageSize() ? null
                    : withParams(paging.offsetParam(), offset + items, paging.limitParam(), paging.pageSize());
            case NEXT_LINK -> nextLink(current, body);
        };
        if (next == null) {
            return null;
        }
        if (pageIndex + 1 >= paging.maxPages()) {
            throw new PagingFailure("more than " + paging.maxPages() + " pages (paging.max-pages)");
        }
        if (!seen.add(next)) {
            throw new PagingFailure("the next page is one read before in this run (a paging loop)");
        }
        pageIndex++;
        offset += items;
        return next;
    }

    private URI nextLink(URI current, JsonNode body) throws PagingFailure {
        JsonNode node = body.at(nextPointer);
        if (node.isMissingNode() || node.isNull() || (node.isString() && node.stringValue().isBlank())) {
            return null;
        }
        if (!node.isString()) {
            throw new PagingFailure("the next link (" + paging.nextPointer() + ") is not a string");
        }
        URI next;
        try {
            next = current.resolve(node.stringValue().strip()).normalize();
        } catch (IllegalArgumentException e) {
            throw new PagingFailure("the next link (" + paging.nextPointer() + ") is not a URL");
        }
        if (!sameOrigin(next)) {
            throw new PagingFailure("the next link leaves the source's scheme, host and port: not followed");
        }
        if (next.getRawUserInfo() != null) {
            throw new PagingFailure("the next link holds user info: not followed");
        }
        return next;
    }

    private boolean sameOrigin(URI uri) {
        return uri.isAbsolute()
                && base.getScheme().equalsIgnoreCase(Objects.toString(uri.getScheme(), ""))
                && base.getHost().toLowerCase(Locale.ROOT).equals(Objects.toString(uri.getHost(), "").toLowerCase(Locale.ROOT))
                && port(base) == port(uri);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private URI withParams(String name, long value, String sizeName, int size) {
        return UriComponentsBuilder.fromUri(base)
                .replaceQueryParam(name, value)
                .replaceQueryParam(sizeName, size)
                .build(true)
                .toUri();
    }

    /** The number (from 1) of the page last returned, for reports. */
    public int pageNumber() {
        return pageIndex + 1;
    }
}
