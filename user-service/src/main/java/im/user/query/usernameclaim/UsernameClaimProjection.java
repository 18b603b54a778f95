package im.user.query.usernameclaim;

import im.platform.web.DomainException;
import im.user.api.UserDeleted;
import im.user.api.UserErrors;
import im.user.api.UserProfileChanged;
import im.user.api.UserRegistered;
import im.user.config.AdminProperties;
import im.user.query.adminpins.AdminUsernamePins;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Username uniqueness across all users, the set rule a single User aggregate cannot check.
 *
 * <p>Runs in the subscribing processor {@value #PROCESSING_GROUP}, so it is called while the command's unit of
 * work prepares its commit, in the same database transaction that appends the events. The table's primary key
 * on {@code username} is the guarantee: when two commands claim one name at once, the second insert waits for
 * the first transaction and then fails; the failure propagates (see {@code AxonProcessingConfig}) and rolls the
 * second command, events included, back. A rename releases the old name in the same step, and a deletion releases
 * the account's name in the deleting command's transaction, so it can be registered again at once (new uuid).
 *
 * <p>The first claim of an admin username ({@code IM_ADMIN_USERNAMES}) that is not pinned yet pins it to the
 * claiming account in the same transaction ({@link AdminUsernamePins}): a later holder of the name is not an admin.
 */
@Component
@ProcessingGroup(UsernameClaimProjection.PROCESSING_GROUP)
public class UsernameClaimProjection {

    public static final String PROCESSING_GROUP = "username-claims";

    private final JdbcClient jdbc;
    private final Set<String> adminUsernames;
    private final AdminUsernamePins adminPins;

    public UsernameClaimProjection(JdbcClient jdbc, AdminProperties admins, AdminUsernamePins adminPins) {
        this.jdbc = jdbc;
        this.adminUsernames = Set.copyOf(admins.usernames());
        this.adminPins = adminPins;
    }

    @EventHandler
    void on(UserRegistered event) {
        claim(event.uuid(), event.username());
    }

    @EventHandler
    void on(UserProfileChanged event) {
        claim(event.uuid(), event.username());
    }

    @EventHandler
    void on(UserDeleted event) {
        jdbc.sql("DELETE FROM username_claim WHERE user_uuid = :uuid").param("uuid", event.uuid()).update();
    }

    private void claim(String userUuid, String username) {
        jdbc.sql("DELETE FROM username_claim WHERE user_uuid = :uuid AND username <> :username")
                .param("uuid", userUuid)
                .param("username", username)
                .update();
        try {
            // a conflict on user_uuid means this user holds the name already; one on username is someone else
            jdbc.sql("""
                            INSERT INTO username_claim (username, user_uuid) VALUES (:username, :uuid)
                            ON CONFLICT (user_uuid) DO NOTHING""")
                    .param("username", username)
                    .param("uuid", userUuid)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DomainException(UserErrors.USER_EXISTS);
        }
        if (adminUsernames.contains(username)) {
            adminPins.pin(username, userUuid);
        }
    }
}
