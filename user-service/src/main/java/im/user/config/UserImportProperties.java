package im.user.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JsonPointer;

/**
 * The external user sources of the import (issue 6), {@code im.user.import.*}. Everything is configuration: each
 * source's URL, optional auth header, paging, where the records are in a page and where each field is in a record
 * (JSON Pointers), timeouts, limits and an optional schedule. Every setting binds from an environment variable by
 * Spring's relaxed binding: {@code im.user.import.sources[0].url} is {@code IM_USER_IMPORT_SOURCES_0_URL},
 * {@code sources[0].fields.password-hash} is {@code IM_USER_IMPORT_SOURCES_0_FIELDS_PASSWORDHASH}. Checked at start:
 * a bad setting stops the service with a message naming the setting (never its value when it may be secret).
 *
 * @param sources             the sources, in order; none by default (the import is then off)
 * @param legacyWait          how long {@code POST /http-req/post-user-data} waits for its runs before answering them
 *                            as they are (running runs can be followed on the admin API); below the gateway's 30 s
 * @param workers             records of a page imported at once (BCrypt is the cost): 1..16
 * @param maxReportedFailures failed records listed in a run's report (all are counted): 0..100000
 */
@ConfigurationProperties("im.user.import")
public record UserImportProperties(
        @DefaultValue List<Source> sources,
        @DefaultValue("20s") Duration legacyWait,
        @DefaultValue("2") int workers,
        @DefaultValue("1000") int maxReportedFailures) {

    /** How a source hands out its records. */
    public enum PagingStyle {
        /** One request: every record in one answer. */
        NONE,
        /** {@code ?<page-param>=<n>&<size-param>=<page-size>}, n from {@code first-page}; ends at a short page. */
        PAGE,
        /** {@code ?<offset-param>=<k>&<limit-param>=<page-size>}, k from 0; ends at a short page. */
        OFFSET,
        /** Each answer names the next URL at the JSON Pointer {@code next-pointer}; ends when there is none. */
        NEXT_LINK
    }

    /**
     * @param name               unique, {@code [a-z0-9-]}, 1..32: the source's name in links, runs and requests
     * @param url                the only URL fetched for this source (with the paging parameters added): an
     *                           absolute http(s) URL without user info
     * @param auth               an optional header sent with every request (e.g. {@code Authorization: Bearer ...})
     * @param paging             paging style and parameters
     * @param items              JSON Pointer to the array of records in an answer; empty: the answer is the array
     * @param fields             JSON Pointers into a record
     * @param connectTimeout     TCP connect timeout
     * @param readTimeout        the longest one page may take, from the request to the last byte
     * @param maxRecords         records read per run at most (then the run stops, {@code truncated})
     * @param maxPageBytes       the largest answer read (a larger one fails the page)
     * @param retries            further attempts at a page that failed in a way that may pass (no connection, a
     *                           timeout, HTTP 429 or 5xx), 0..5
     * @param retryBackoff       the wait before the first retry, doubled before each next one
     * @param adoptLocalAccounts a record whose username belongs to a local account (not imported) takes that account
     *                           over (linked, then kept in line with the record, password included) instead of being
     *                           reported as {@code username_taken}: for a migration from a system the local accounts
     *                           came from. Off by default: a source must not take over someone's account
     * @param syncPasswords      a changed source password replaces the account's password (the source is
     *                           authoritative); false: the password is set only when the account has none
     * @param schedule           an optional schedule; off by default
     */
    public record Source(
            String name,
            String url,
            @DefaultValue Auth auth,
            @DefaultValue Paging paging,
            @DefaultValue("") String items,
            @DefaultValue Fields fields,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("30s") Duration readTimeout,
            @DefaultValue("10000") int maxRecords,
            @DefaultValue("10MB") DataSize maxPageBytes,
            @DefaultValue("2") int retries,
            @DefaultValue("1s") Duration retryBackoff,
            @DefaultValue("false") boolean adoptLocalAccounts,
            @DefaultValue("true") boolean syncPasswords,
            @DefaultValue Schedule schedule) {

        /** The URL without its query (which may hold a key): for logs. */
        public String safeUrl() {
            try {
                URI uri = new URI(url);
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
                        .toString();
            } catch (URISyntaxException | RuntimeException e) {
                return "(invalid url)";
            }
        }

        @Override
        public String toString() {
            return "Source[name=" + name + ", url=" + safeUrl() + ", paging=" + paging.style() + "]";
        }
    }

    /**
     * A header sent with every request of the source. The value is a secret: give it by environment variable
     * ({@code IM_USER_IMPORT_SOURCES_0_AUTH_HEADERVALUE}, or {@code header-value: ${MY_TOKEN}} in a config file); it is
     * never logged, never in a report or an answer.
     */
    public record Auth(String headerName, String headerValue) {

        public boolean present() {
            return headerName != null && !headerName.isBlank();
        }

        @Override
        public String toString() {
            return "Auth[headerName=" + headerName + ", headerValue=" + (headerValue == null ? "null" : "***") + "]";
        }
    }

    /**
     * @param style       {@code none}, {@code page}, {@code offset} or {@code next-link}
     * @param pageSize    records asked per page (page and offset styles; 1..10000)
     * @param pageParam   page number parameter (page style)
     * @param sizeParam   page size parameter (page style)
     * @param firstPage   number of the first page (page style; 0 or 1 usually)
     * @param offsetParam offset parameter (offset style)
     * @param limitParam  limit parameter (offset style)
     * @param nextPointer JSON Pointer to the next page's URL in an answer (next-link style; absolute or relative to
     *                    the page; it must stay on the source URL's scheme, host and port)
     * @param maxPages    pages per run at most (a source that never ends)
     */
    public record Paging(
            @DefaultValue("none") PagingStyle style,
            @DefaultValue("100") int pageSize,
            @DefaultValue("page") String pageParam,
            @DefaultValue("size") String sizeParam,
            @DefaultValue("1") int firstPage,
            @DefaultValue("offset") String offsetParam,
            @DefaultValue("limit") String limitParam,
            @DefaultValue("") String nextPointer,
            @DefaultValue("1000") int maxPages) {
    }

    /**
     * JSON Pointers into one record; an empty pointer maps nothing. The defaults read the legacy IM-SDK-Server shape
     * ({@code {username, password, nickname, avatar, email}}).
     *
     * @param externalId   the record's stable id at the source; not mapped: the username is the id (a rename at the
     *                     source then reads as another user)
     * @param password     a plaintext password (hashed with BCrypt on import)
     * @param passwordHash a BCrypt hash ({@code $2a$}, {@code $2b$}, {@code $2y$}, cost from 4 to the configured
     *                     cost + 2, at least 12) stored as it is; wins over {@code password} when a record has both
     */
    public record Fields(
            @DefaultValue("") String externalId,
            @DefaultValue("/username") String username,
            @DefaultValue("/password") String password,
            @DefaultValue("") String passwordHash,
            @DefaultValue("/nickname") String nickname,
            @DefaultValue("/avatar") String avatarUrl,
            @DefaultValue("/email") String email) {
    }

    /**
     * @param cron       a Spring cron expression (six fields, e.g. {@code 0 0 3 * * *}), in {@code zone}
     * @param fixedDelay the time between the end of one run and the start of the next (at least 1 minute)
     * @param zone       the cron's time zone
     */
    public record Schedule(String cron, Duration fixedDelay, @DefaultValue("UTC") String zone) {

        public boolean enabled() {
            return (cron != null && !cron.isBlank()) || fixedDelay != null;
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "connection", "upgrade",
            "expect", "transfer-encoding", "te");

    public UserImportProperties {
        sources = sources == null ? List.of() : List.copyOf(sources);
        if (legacyWait == null || legacyWait.isNegative()) {
            throw new IllegalArgumentException(
                    "im.user.import.legacy-wait (IM_USER_IMPORT_LEGACY_WAIT) must not be negative");
        }
        if (workers < 1 || workers > 16) {
            throw new IllegalArgumentException(
                    "im.user.import.workers (IM_USER_IMPORT_WORKERS) must be between 1 and 16, was " + workers);
        }
        if (maxReportedFailures < 0 || maxReportedFailures > 100_000) {
            throw new IllegalArgumentException("im.user.import.max-reported-failures "
                    + "(IM_USER_IMPORT_MAX_REPORTED_FAILURES) must be between 0 and 100000, was " + maxReportedFailures);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            Source source = sources.get(i);
            if (source == null) {
                throw new IllegalArgumentException(setting(i, "name") + " is required");
            }
            validate(i, source);
            if (!names.add(source.name())) {
                throw new IllegalArgumentException(setting(i, "name") + " must be unique, '" + source.name()
                        + "' is used twice");
            }
        }
    }

    /** The source named {@code name}, if configured. */
    public java.util.Optional<Source> source(String name) {
        return sources.stream().filter(source -> source.name().equals(name)).findFirst();
    }

    private static void validate(int i, Source s) {
        if (s.name() == null || !NAME.matcher(s.name()).matches()) {
            throw new IllegalArgumentException(setting(i, "name")
                    + " must be 1 to 32 of a-z, 0-9 and '-', starting with a letter or digit, was '" + s.name() + "'");
        }
        validateUrl(i, s.url());
        Auth auth = s.auth();
        if (auth.present()) {
            if (!HEADER_NAME.matcher(auth.headerName()).matches()
                    || FORBIDDEN_HEADERS.contains(auth.headerName().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(setting(i, "auth.header-name")
                        + " must be an HTTP header name other than Host, Content-Length, Connection, Upgrade, Expect,"
                        + " Transfer-Encoding and TE");
            }
            String value = auth.headerValue();
            if (value == null || value.isBlank() || !value.chars().allMatch(UserImportProperties::headerValueChar)) {
                // the value is secret: the message never shows it (nor would the HTTP client's, which does)
                throw new IllegalArgumentException(setting(i, "auth.header-value")
                        + " is required with auth.header-name and must be visible ASCII characters, spaces and tabs"
                        + " only");
            }
        } else if (auth.headerValue() != null && !auth.headerValue().isEmpty()) {
            throw new IllegalArgumentException(setting(i, "auth.header-name") + " is required with auth.header-value");
        }
        Paging paging = s.paging();
        if (paging.style() == null) {
            throw new IllegalArgumentException(setting(i, "paging.style") + " must be none, page, offset or next-link");
        }
        if (paging.pageSize() < 1 || paging.pageSize() > 10_000) {
            throw new IllegalArgumentException(setting(i, "paging.page-size") + " must be between 1 and 10000, was "
                    + paging.pageSize());
        }
        if (paging.maxPages() < 1 || paging.maxPages() > 1_000_000) {
            throw new IllegalArgumentException(setting(i, "paging.max-pages") + " must be between 1 and 1000000, was "
                    + paging.maxPages());
        }
        if (paging.firstPage() < 0) {
            throw new IllegalArgumentException(setting(i, "paging.first-page") + " must not be negative");
        }
        switch (paging.style()) {
            case PAGE -> {
                param(i, "paging.page-param", paging.pageParam());
                param(i, "paging.size-param", paging.sizeParam());
            }
            case OFFSET -> {
                param(i, "paging.offset-param", paging.offsetParam());
                param(i, "paging.limit-param", paging.limitParam());
            }
            case NEXT_LINK -> {
                if (paging.nextPointer() == null || paging.nextPointer().isEmpty()) {
                    throw new IllegalArgumentException(setting(i, "paging.next-pointer")
                            + " is required with paging style next-link (a JSON Pointer such as /links/next)");
                }
                pointer(i, "paging.next-pointer", paging.nextPointer());
            }
            case NONE -> {
            }
        }
        pointer(i, "items", s.items());
        Fields fields = s.fields();
        pointer(i, "fields.external-id", fields.externalId());
        pointer(i, "fields.username", fields.username());
        if (fields.username() == null || fields.username().isEmpty()) {
            throw new IllegalArgumentException(setting(i, "fields.username") + " is required (a JSON Pointer such as "
                    + "/username)");
        }
        pointer(i, "fields.password", fields.password());
        pointer(i, "fields.password-hash", fields.passwordHash());
        pointer(i, "fields.nickname", fields.nickname());
        pointer(i, "fields.avatar-url", fields.avatarUrl());
        pointer(i, "fields.email", fields.email());
        positive(i, "connect-timeout", s.connectTimeout());
        positive(i, "read-timeout", s.readTimeout());
        if (s.maxRecords() < 1 || s.maxRecords() > 1_000_000) {
            throw new IllegalArgumentException(setting(i, "max-records") + " must be between 1 and 1000000, was "
                    + s.maxRecords());
        }
        if (s.maxPageBytes() == null || s.maxPageBytes().toBytes() < 1024
                || s.maxPageBytes().toBytes() > 512L * 1024 * 1024) {
            throw new IllegalArgumentException(setting(i, "max-page-bytes") + " must be between 1KB and 512MB");
        }
        if (s.retries() < 0 || s.retries() > 5) {
            throw new IllegalArgumentException(setting(i, "retries") + " must be between 0 and 5, was " + s.retries());
        }
        if (s.retryBackoff() == null || s.retryBackoff().isNegative()) {
            throw new IllegalArgumentException(setting(i, "retry-backoff") + " must not be negative");
        }
        Schedule schedule = s.schedule();
        boolean cron = schedule.cron() != null && !schedule.cron().isBlank();
        if (cron && schedule.fixedDelay() != null) {
            throw new IllegalArgumentException(setting(i, "schedule") + ": set either cron or fixed-delay, not both");
        }
        if (cron && !CronExpression.isValidExpression(schedule.cron())) {
            throw new IllegalArgumentException(setting(i, "schedule.cron") + " is not a cron expression (six fields: "
                    + "second minute hour day month weekday, e.g. '0 0 3 * * *'), was '" + schedule.cron() + "'");
        }
        if (schedule.fixedDelay() != null && schedule.fixedDelay().compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(setting(i, "schedule.fixed-delay") + " must be at least 1m");
        }
        try {
            ZoneId.of(schedule.zone());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(setting(i, "schedule.zone") + " is not a time zone, was '"
                    + schedule.zone() + "'");
        }
    }

    /** Visible ASCII (0x21..0x7E), space and tab: what a header value may hold here (no control or non-ASCII). */
    static boolean headerValueChar(int c) {
        return (c >= 0x21 && c <= 0x7e) || c == ' ' || c == '\t';
    }

    private static void validateUrl(int i, String url) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        // the URL is not shown: its query may hold a key
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException(setting(i, "url") + " is required: an absolute http(s) URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(setting(i, "url")
                    + " must not contain user info; use auth.header-name and auth.header-value");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException(setting(i, "url") + " must not contain a fragment");
        }
    }

    private static void pointer(int i, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            JsonPointer.compile(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting(i, name) + " is not a JSON Pointer (e.g. /data or "
                    + "/profile/name), was '" + value + "'");
        }
    }

    private static void param(int i, String name, String value) {
        if (value == null || !PARAM.matcher(value).matches()) {
            throw new IllegalArgumentException(setting(i, name)
                    + " must be a query parameter name of letters, digits and _ . -, was '" + value + "'");
        }
    }

    private static void positive(int i, String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(setting(i, name) + " must be positive");
        }
    }

    /** {@code im.user.import.sources[i].a.b-c (IM_USER_IMPORT_SOURCES_i_A_BC)}. */
    static String setting(int i, String name) {
        String env = "IM_USER_IMPORT_SOURCES_" + i + "_"
                + name.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
        return "im.user.import.sources[" + i + "]." + name + " (" + env + ")";
    }
}
