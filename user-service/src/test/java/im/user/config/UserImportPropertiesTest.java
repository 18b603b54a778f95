package im.user.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The import settings bind from environment variables (relaxed binding) and are checked at start. */
class UserImportPropertiesTest {

    private static final String SECRET = "Bearer very-secret-token";

    /** Binds {@code im.user.import} from these environment variables, as at a service start. */
    private static UserImportProperties bind(Map<String, String> env) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(env)));
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate("im.user.import", UserImportProperties.class);
    }

    @Test
    void sourcesBindFromEnvironmentVariablesWithTheirDefaults() {
        UserImportProperties properties = bind(Map.of(
                "IM_USER_IMPORT_SOURCES_0_NAME", "legacy",
                "IM_USER_IMPORT_SOURCES_0_URL", "http://127.0.0.1:8080/students",
                "IM_USER_IMPORT_SOURCES_1_NAME", "hr",
                "IM_USER_IMPORT_SOURCES_1_URL", "https://hr.example.org/api/people?active=true",
                "IM_USER_IMPORT_SOURCES_1_AUTH_HEADERNAME", "Authorization",
                "IM_USER_IMPORT_SOURCES_1_AUTH_HEADERVALUE", SECRET,
                "IM_USER_IMPORT_SOURCES_1_PAGING_STYLE", "next-link",
                "IM_USER_IMPORT_SOURCES_1_PAGING_NEXTPOINTER", "/links/next",
                "IM_USER_IMPORT_SOURCES_1_ITEMS", "/data",
                "IM_USER_IMPORT_SOURCES_1_FIELDS_EXTERNALID", "/id"));
        UserImportProperties.Source legacy = properties.sources().get(0);
        UserImportProperties.Source hr = properties.sources().get(1);

        assertThat(properties.sources()).hasSize(2);
        assertThat(properties.legacyWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(legacy.paging().style()).isEqualTo(UserImportProperties.PagingStyle.NONE);
        assertThat(legacy.items()).isEmpty();
        assertThat(legacy.fields().username()).isEqualTo("/username");
        assertThat(legacy.fields().password()).isEqualTo("/password");
        assertThat(legacy.fields().avatarUrl()).isEqualTo("/avatar");
        assertThat(legacy.fields().externalId()).isEmpty();
        assertThat(legacy.auth().present()).isFalse();
        assertThat(legacy.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(legacy.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(legacy.maxRecords()).isEqualTo(10_000);
        assertThat(legacy.maxPageBytes().toMegabytes()).isEqualTo(10);
        assertThat(legacy.schedule().enabled()).isFalse();
        assertThat(legacy.syncPasswords()).isTrue();
        assertThat(legacy.adoptLocalAccounts()).isFalse();

        assertThat(hr.paging().style()).isEqualTo(UserImportProperties.PagingStyle.NEXT_LINK);
        assertThat(hr.paging().nextPointer()).isEqualTo("/links/next");
        assertThat(hr.items()).isEqualTo("/data");
        assertThat(hr.fields().externalId()).isEqualTo("/id");
        assertThat(hr.auth().headerValue()).isEqualTo(SECRET);
        assertThat(hr.toString()).as("no secret, no query").doesNotContain("secret").doesNotContain("active=true");
        assertThat(hr.auth().toString()).doesNotContain("secret");
        assertThat(properties.toString()).doesNotContain("secret");
    }

    @Test
    void aScheduleBindsAsCronOrFixedDelay() {
        UserImportProperties properties = bind(Map.of(
                "IM_USER_IMPORT_SOURCES_0_NAME", "a", "IM_USER_IMPORT_SOURCES_0_URL", "http://x/a",
                "IM_USER_IMPORT_SOURCES_0_SCHEDULE_CRON", "0 0 3 * * *",
                "IM_USER_IMPORT_SOURCES_1_NAME", "b", "IM_USER_IMPORT_SOURCES_1_URL", "http://x/b",
                "IM_USER_IMPORT_SOURCES_1_SCHEDULE_FIXEDDELAY", "6h"));
        assertThat(properties.sources().get(0).schedule().enabled()).isTrue();
        assertThat(properties.sources().get(1).schedule().fixedDelay()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void noSourcesIsTheDefault() {
        assertThat(bind(Map.of()).sources()).isEmpty();
    }

    private static void refused(Map<String, String> env, String message) {
        Map<String, String> all = new HashMap<>(Map.of(
                "IM_USER_IMPORT_SOURCES_0_NAME", "src", "IM_USER_IMPORT_SOURCES_0_URL", "http://127.0.0.1/users"));
        all.putAll(env);
        assertThatThrownBy(() -> bind(all))
                .isInstanceOf(BindException.class)
                .rootCause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .message().doesNotContain("very-secret");
    }

    @Test
    void badSettingsStopTheStartNamingTheSetting() {
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_URL", "ftp://x/users"),
                "im.user.import.sources[0].url (IM_USER_IMPORT_SOURCES_0_URL) is required: an absolute http(s) URL");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_URL", "/relative"), "IM_USER_IMPORT_SOURCES_0_URL");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_URL", "http://user:pw@x/users"), "must not contain user info");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_NAME", "Bad Name"), "im.user.import.sources[0].name");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_PAGING_STYLE", "next-link"),
                "paging.next-pointer (IM_USER_IMPORT_SOURCES_0_PAGING_NEXTPOINTER) is required");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_PAGING_PAGESIZE", "0"), "paging.page-size");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_ITEMS", "data"), "items (IM_USER_IMPORT_SOURCES_0_ITEMS) is not a JSON Pointer");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_FIELDS_EMAIL", "mail"), "fields.email");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_FIELDS_USERNAME", ""), "fields.username");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_READTIMEOUT", "0s"), "read-timeout");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_MAXRECORDS", "0"), "max-records");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_RETRIES", "9"), "retries");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_SCHEDULE_CRON", "every day"), "schedule.cron");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_SCHEDULE_FIXEDDELAY", "10s"), "schedule.fixed-delay");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_AUTH_HEADERVALUE", "Bearer very-secret"),
                "auth.header-name (IM_USER_IMPORT_SOURCES_0_AUTH_HEADERNAME) is required");
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_AUTH_HEADERNAME", "Authorization",
                        "IM_USER_IMPORT_SOURCES_0_AUTH_HEADERVALUE", "very-secret\u0001"),
                "auth.header-value (IM_USER_IMPORT_SOURCES_0_AUTH_HEADERVALUE) is required");
        for (String bad : new String[] {"very-secret\u20ac", "very-secret\u00e9", "very-secret\u007f",
                "very-secret\u0085", "very-secret\r\nX-Injected: 1", "   "}) {
            refused(Map.of("IM_USER_IMPORT_SOURCES_0_AUTH_HEADERNAME", "Authorization",
                            "IM_USER_IMPORT_SOURCES_0_AUTH_HEADERVALUE", bad),
                    "auth.header-value (IM_USER_IMPORT_SOURCES_0_AUTH_HEADERVALUE) is required with auth.header-name "
                            + "and must be visible ASCII characters, spaces and tabs only");
        }
        refused(Map.of("IM_USER_IMPORT_SOURCES_0_AUTH_HEADERNAME", "Host",
                        "IM_USER_IMPORT_SOURCES_0_AUTH_HEADERVALUE", "very-secret"), "auth.header-name");
        refused(Map.of("IM_USER_IMPORT_SOURCES_1_NAME", "src", "IM_USER_IMPORT_SOURCES_1_URL", "http://x/"),
                "im.user.import.sources[1].name (IM_USER_IMPORT_SOURCES_1_NAME) must be unique");
        refused(Map.of("IM_USER_IMPORT_WORKERS", "0"), "im.user.import.workers");
    }

    @Test
    void adminListsAreTrimmedAndBlanksDropped() {
        AdminProperties admins = new AdminProperties(List.of(" [usr]a ", "", "[usr]a"), List.of("root", " "));
        assertThat(admins.uuids()).containsExactly("[usr]a");
        assertThat(admins.usernames()).containsExactly("root");
        assertThat(new AdminProperties(null, null).uuids()).isEmpty();
        assertThatThrownBy(() -> new AdminProperties(List.of("[usr] a"), List.of()))
                .hasMessageContaining("IM_ADMIN_UUIDS");
    }
}
