package im.user.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.user.UserServiceIntegrationTest;
import im.user.api.ChangeProfile;
import im.user.api.RegisterUser;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Events stored before the web layer refused control characters may carry NUL, which PostgreSQL text refuses.
 * The directory must store them without it and go on, not stall on them.
 */
class UserDirectoryProjectionIT extends UserServiceIntegrationTest {

    @Autowired
    CommandGateway commandGateway;

    @Test
    void nulCharactersInEventsAreStrippedAndTheDirectoryGoesOn() {
        String uuid = "[usr]" + UUID.randomUUID();
        String name = uniqueName("nul");
        // straight to the aggregate, past the web layer's rules, as an old event would be
        commandGateway.sendAndWait(new RegisterUser(uuid, name, "$2a$10$abcdefghijklmnopqrstuv",
                "Nul\u0000Nick", "nul\u0000@example.org"));
        commandGateway.sendAndWait(new ChangeProfile(uuid, null, "Re\u0000named", null, "a\u0000.png", null, null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> row = jdbc.sql("SELECT nickname, email, avatar FROM user_directory WHERE uuid = ?")
                    .param(uuid).query().singleRow();
            assertThat(row).containsEntry("nickname", "Renamed").containsEntry("email", "nul@example.org")
                    .containsEntry("avatar", "a.png");
        });
        // later events still reach the directory: a fresh registration can log in at once
        String next = uniqueName("after-nul");
        register(next, "secret-pw");
        JsonNode login = parse(post("/user/login", null, Map.of("username", next, "password", "secret-pw")).getBody());
        assertThat(login.get("code").asInt()).isZero();
    }
}
