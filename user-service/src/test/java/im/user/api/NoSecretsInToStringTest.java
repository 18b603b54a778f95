package im.user.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands and events that carry a password hash never print it (log lines, exception messages, test output). */
class NoSecretsInToStringTest {

    private static final String HASH = "$2a$10$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQ";

    @Test
    void passwordHashesAndEmailsStayOut() {
        List<Object> messages = List.of(
                new RegisterUser("[usr]1", "luffy", HASH, "nick", "luffy@example.org"),
                new UserRegistered("[usr]1", "luffy", HASH, "nick", "luffy@example.org"),
                new UserPasswordChanged("[usr]1", HASH),
                new ChangeProfile("[usr]1", "luffy", null, "luffy@example.org", null, HASH, HASH));
        for (Object message : messages) {
            assertThat(message.toString()).contains("[usr]1").doesNotContain(HASH).doesNotContain("@example.org");
        }
    }
}
