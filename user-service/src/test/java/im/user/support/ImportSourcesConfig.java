package im.user.support;

import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The import sources of the integration tests (issue 6), all on {@link UserSourceStandIn}, one per scenario so the
 * tests do not meet: each exercises another paging style or limit. Set as environment-style properties would be.
 */
public final class ImportSourcesConfig {

    /** The auth header value the {@code linked} source requires. */
    public static final String LINKED_TOKEN = "Bearer source-secret-" + UUID.randomUUID();

    private ImportSourcesConfig() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        UserSourceStandIn standIn = UserSourceStandIn.get();
        source(registry, 0, "bulk", standIn, Map.of(
                "paging.style", "page", "paging.page-size", "50", "items", "/data",
                "fields.external-id", "/id", "fields.username", "/login",
                "fields.password", "/credentials/password", "fields.password-hash", "/credentials/bcrypt",
                "fields.nickname", "/profile/nickname", "fields.email", "/profile/email",
                "fields.avatar-url", "/profile/avatar"));
        source(registry, 1, "outage", standIn, Map.of(
                "paging.style", "offset", "paging.page-size", "20", "fields.external-id", "/id", "retries", "0"));
        source(registry, 2, "linked", standIn, Map.of(
                "paging.style", "next-link", "paging.next-pointer", "/links/next", "items", "/data",
                "fields.external-id", "/id", "auth.header-name", "Authorization", "auth.header-value", LINKED_TOKEN));
        source(registry, 3, "slow", standIn, Map.of(
                "paging.style", "page", "paging.page-size", "10", "items", "/data", "fields.external-id", "/id",
                "read-timeout", "400ms", "retries", "1", "retry-backoff", "50ms"));
        source(registry, 4, "legacy", standIn, Map.of());
        source(registry, 5, "adopt", standIn, Map.of("adopt-local-accounts", "true"));
        source(registry, 6, "limits", standIn, Map.of(
                "fields.external-id", "/id", "max-records", "5", "max-page-bytes", "4KB", "retries", "0"));
        source(registry, 7, "hashes", standIn, Map.of("fields.external-id", "/id", "fields.password-hash", "/hash"));
    }

    private static void source(DynamicPropertyRegistry registry, int index, String name, UserSourceStandIn standIn,
                               Map<String, String> settings) {
        String prefix = "im.user.import.sources[" + index + "].";
        registry.add(prefix + "name", () -> name);
        registry.add(prefix + "url", () -> standIn.url(name));
        settings.forEach((key, value) -> registry.add(prefix + key, () -> value));
    }
}
