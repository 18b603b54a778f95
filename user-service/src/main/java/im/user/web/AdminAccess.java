package im.user.web;

import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.user.config.AdminProperties;
import im.user.query.directory.UserDirectory;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The admin role (issue 6): a caller is an admin when their user id is in {@code IM_ADMIN_UUIDS}, or when the
 * existing account with their id currently holds a username in {@code IM_ADMIN_USERNAMES} (the directory's name, not
 * the token's claim, which may be stale after a rename). Anyone else gets 403.
 */
@Component
public class AdminAccess {

    private static final Logger log = LoggerFactory.getLogger(AdminAccess.class);

    private final Set<String> uuids;
    private final Set<String> usernames;
    private final UserDirectory directory;

    public AdminAccess(AdminProperties properties, UserDirectory directory) {
        this.uuids = Set.copyOf(properties.uuids());
        this.usernames = Set.copyOf(properties.usernames());
        this.directory = directory;
        log.info("admins: {} user id(s), {} username(s) configured", uuids.size(), usernames.size());
    }

    public boolean isAdmin(Caller caller) {
        if (caller == null || caller.uuid() == null || caller.uuid().length() > 100
                || UserInputRules.hasControlCharacter(caller.uuid())) {
            return false;
        }
        if (uuids.contains(caller.uuid())) {
            return directory.findByUuid(caller.uuid()).isPresent();
        }
        return !usernames.isEmpty()
                && directory.findByUuid(caller.uuid()).filter(user -> usernames.contains(user.username())).isPresent();
    }

    /** Refuses (403) unless the caller is an admin. */
    public void requireAdmin(Caller caller) {
        if (!isAdmin(caller)) {
            throw ApiException.forbidden();
        }
    }
}
