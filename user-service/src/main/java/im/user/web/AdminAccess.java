package im.user.web;

import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.user.config.AdminProperties;
import im.user.query.adminpins.AdminUsernamePins;
import im.user.query.directory.UserDirectory;
import im.user.query.usernameclaim.UsernameClaims;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The admin role (issue 6): a caller is an admin when their existing account's id is in {@code IM_ADMIN_UUIDS}, or
 * is the account a username of {@code IM_ADMIN_USERNAMES} is pinned to ({@link AdminUsernamePins}). Anyone else gets
 * 403.
 *
 * <p>A configured username is resolved to an account id once and pinned: at start to the account holding it then
 * (the username claims, written in the commands' transactions, not a lagging read model), else to the first account
 * that claims it later (pinned in that command's transaction by the username claims). Whoever holds the name after
 * that (the admin renamed, or deleted, and someone registered, renamed to or imported the name) is not an admin, and
 * neither is the token's possibly stale name claim. The import never touches an admin's account nor an admin
 * username ({@link #isAdminAccount}, {@link #isAdminUsername}). A pin is forgotten when its name is no longer
 * configured at a start.
 */
@Component
public class AdminAccess implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AdminAccess.class);

    private final Set<String> uuids;
    private final Set<String> usernames;
    private final UserDirectory directory;
    private final UsernameClaims usernameClaims;
    private final AdminUsernamePins pins;
    /** Pins seen so far (a pin never changes once made): username -> account id. */
    private final Map<String, String> pinned = new ConcurrentHashMap<>();

    public AdminAccess(AdminProperties properties, UserDirectory directory, UsernameClaims usernameClaims,
                       AdminUsernamePins pins) {
        this.uuids = Set.copyOf(properties.uuids());
        this.usernames = Set.copyOf(properties.usernames());
        this.directory = directory;
        this.usernameClaims = usernameClaims;
        this.pins = pins;
        log.info("admins: {} user id(s), {} username(s) configured", uuids.size(), usernames.size());
    }

    /** At start: forgets the pins of names no longer configured, pins the configured names held now. */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            int forgotten = pins.forgetAllBut(usernames);
            if (forgotten > 0) {
                log.info("admins: {} pin(s) of usernames no longer configured forgotten", forgotten);
            }
            long resolved = usernames.stream().filter(name -> pinnedAccount(name).isPresent()).count();
            if (!usernames.isEmpty()) {
                log.info("admins: {} of {} configured username(s) pinned to an account", resolved, usernames.size());
            }
        } catch (RuntimeException e) {
            // resolved on first use instead
            log.warn("admins: the configured usernames could not be pinned at start: {}", e.toString());
        }
    }

    public boolean isAdmin(Caller caller) {
        if (caller == null || caller.uuid() == null || caller.uuid().length() > 100
                || UserInputRules.hasControlCharacter(caller.uuid())) {
            return false;
        }
        return isAdminAccount(caller.uuid()) && directory.findByUuid(caller.uuid()).isPresent();
    }

    /** Whether {@code uuid} is an admin's account: configured by id, or the account an admin username is pinned to. */
    public boolean isAdminAccount(String uuid) {
        if (uuid == null) {
            return false;
        }
        if (uuids.contains(uuid)) {
            return true;
        }
        for (String name : usernames) {
            if (pinnedAccount(name).filter(uuid::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code username} is configured as an admin's (whoever holds it now). */
    public boolean isAdminUsername(String username) {
        return username != null && usernames.contains(username);
    }

    /** Refuses (403) unless the caller is an admin. */
    public void requireAdmin(Caller caller) {
        if (!isAdmin(caller)) {
            throw ApiException.forbidden();
        }
    }

    /**
     * The account {@code name} is pinned to; an unpinned name held by an account now is pinned to it here (normally
     * done at start or in the claiming command's transaction already).
     */
    private Optional<String> pinnedAccount(String name) {
        String known = pinned.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> account = pins.pinnedTo(name)
                .or(() -> usernameClaims.holderOf(name).map(holder -> pins.pin(name, holder)));
        account.ifPresent(id -> pinned.put(name, id));
        return account;
    }
}
