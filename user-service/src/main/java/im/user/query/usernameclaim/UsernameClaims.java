package im.user.query.usernameclaim;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Who holds a username right now (strongly consistent: written in the command's transaction). */
@Repository
public class UsernameClaims {

    private final JdbcClient jdbc;

    public UsernameClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> holderOf(String username) {
        return jdbc.sql("SELECT user_uuid FROM username_claim WHERE username = :username")
                .param("username", username)
                .query(String.class)
                .optional();
    }
}
