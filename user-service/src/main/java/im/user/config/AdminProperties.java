package im.user.config;

import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who is an admin (issue 6): the admin API ({@code /api/admin/v1/...}) and the legacy {@code /http-req/...} routes
 * are theirs only. Configuration, read at start: {@code IM_ADMIN_UUIDS} (recommended: a user id never changes hands)
 * and {@code IM_ADMIN_USERNAMES} (a convenience for the first start: each name is pinned to the first account that
 * holds it, see {@code AdminAccess}; a later holder of the name is not an admin, but whoever registers a listed name
 * nobody held first is, so list names only once their accounts exist). Comma-separated; blanks are ignored. Both
 * empty: nobody is an admin.
 */
@ConfigurationProperties("im.user.admin")
public record AdminProperties(@DefaultValue List<String> uuids, @DefaultValue List<String> usernames) {

    public AdminProperties {
        uuids = clean(uuids);
        usernames = clean(usernames);
        for (String uuid : uuids) {
            if (uuid.length() > 100 || uuid.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new IllegalArgumentException("im.user.admin.uuids (IM_ADMIN_UUIDS) must be user ids separated by "
                        + "commas, without spaces or control characters");
            }
        }
        for (String username : usernames) {
            if (username.length() > 64 || username.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
                throw new IllegalArgumentException("im.user.admin.usernames (IM_ADMIN_USERNAMES) must be usernames "
                        + "separated by commas, at most 64 characters, without control characters");
            }
        }
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(Objects::nonNull).map(String::strip).filter(value -> !value.isEmpty())
                        .distinct().toList();
    }
}
