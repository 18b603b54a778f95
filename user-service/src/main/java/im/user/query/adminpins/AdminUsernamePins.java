package im.user.query.adminpins;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which account an admin username ({@code IM_ADMIN_USERNAMES}) belongs to: the first account that held it while it
 * was configured, pinned once (table {@code admin_username_pin}). The first pin of a name wins, across instances too
 * (its primary key); a later holder of the name is not its account.
 */
@Repository
public class AdminUsernamePins {

    private static final Logger log = LoggerFactory.getLogger(AdminUsernamePins.class);

    private final JdbcClient jdbc;

    public AdminUsernamePins(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Pins {@code username} to {@code userUuid} unless it is pinned already; answers the account it is pinned to. */
    public String pin(String username, String userUuid) {
        int inserted = jdbc.sql("""
                        INSERT INTO admin_username_pin (username, user_uuid) VALUES (:username, :uuid)
                        ON CONFLICT (username) DO NOTHING""")
                .param("username", username)
                .param("uuid", userUuid)
                .update();
        if (inserted == 1) {
            log.info("admin username {} pinned to account {}", username, userUuid);
        }
        return pinnedTo(username).orElse(userUuid);
    }

    public Optional<String> pinnedTo(String username) {
        return jdbc.sql("SELECT user_uuid FROM admin_username_pin WHERE username = :username")
                .param("username", username)
                .query(String.class)
                .optional();
    }

    /** Forgets the pins of names that are no longer configured; answers how many. */
    public int forgetAllBut(Collection<String> usernames) {
        if (usernames.isEmpty()) {
            return jdbc.sql("DELETE FROM admin_username_pin").update();
        }
        return jdbc.sql("DELETE FROM admin_username_pin WHERE username NOT IN (:usernames)")
                .param("usernames", List.copyOf(usernames))
                .update();
    }
}
