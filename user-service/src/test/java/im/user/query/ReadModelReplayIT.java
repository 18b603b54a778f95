package im.user.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.user.UserServiceIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The read models are disposable: reset a processor's tokens and the replay rebuilds the same table. */
class ReadModelReplayIT extends UserServiceIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void userDirectoryAndContactsAreRebuiltByReplay() {
        JsonNode a = register(uniqueName("replay-a"), "secret-pw");
        JsonNode b = register(uniqueName("replay-b"), "secret-pw");
        String aUuid = a.get("uuid").asString();
        put("/user/" + aUuid, aUuid, Map.of("nickname", "renamed", "password", "other-secret", "oldPassword", "secret-pw"));
        post("/friend", aUuid, Map.of("uuid", aUuid, "friendUsername", b.get("username").asString()));
        JsonNode c = register(uniqueName("replay-c"), "secret-pw");
        String cUuid = c.get("uuid").asString();
        post("/friend", cUuid, Map.of("uuid", cUuid, "friendUsername", a.get("username").asString()));
        delete("/interact?Uuid={u}&InteractWith={w}", cUuid, cUuid, a.get("username").asString());
        post("/friend", aUuid, Map.of("uuid", aUuid, "friendUsername", c.get("username").asString()));
        delete("/interact?Uuid={u}&InteractWith={w}", aUuid, aUuid, c.get("username").asString());
        JsonNode d = register(uniqueName("replay-d"), "secret-pw");
        String dUuid = d.get("uuid").asString();
        post("/friend", dUuid, Map.of("uuid", dUuid, "friendUsername", b.get("username").asString()));
        delete("/user/{u}", dUuid, dUuid);

        List<Map<String, Object>> directoryBefore = directory();
        List<Map<String, Object>> contactsBefore = contacts();
        assertThat(directoryBefore).isNotEmpty();
        assertThat(contactsBefore).isNotEmpty();
        assertThat(directoryBefore).anySatisfy(row -> assertThat(row.get("deleted_at")).isNotNull());
        assertThat(contactsBefore).anySatisfy(row -> {
            assertThat(row.get("active")).isEqualTo(true);
            assertThat(row.get("left_at")).as("left, then re-added").isNotNull();
        });
        assertThat(contactsBefore).anySatisfy(row -> assertThat(row.get("active")).isEqualTo(false));

        for (String name : List.of("user-directory", "contacts")) {
            StreamingEventProcessor processor =
                    processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
            processor.shutDown();
            processor.resetTokens();
        }
        assertThat(directory()).as("the reset handler cleared the table").isEmpty();
        assertThat(contacts()).isEmpty();
        processing.eventProcessor("user-directory", StreamingEventProcessor.class).orElseThrow().start();
        processing.eventProcessor("contacts", StreamingEventProcessor.class).orElseThrow().start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(directory()).isEqualTo(directoryBefore);
            assertThat(contacts()).isEqualTo(contactsBefore);
        });
        JsonNode login = parse(post("/user/login", null,
                Map.of("username", a.get("username").asString(), "password", "other-secret")).getBody());
        assertThat(login.get("code").asInt()).isZero();
        assertThat(login.get("data").get("id").asLong()).isEqualTo(a.get("id").asLong());
        JsonNode relisted = ok(get("/user?uuid={u}", bUuid(b), bUuid(b)));
        assertThat(relisted.valueStream().map(user -> user.get("uuid").asString()).toList())
                .as("the deleted account stays out of the lists after a replay").containsExactly(aUuid);
    }

    private static String bUuid(JsonNode b) {
        return b.get("uuid").asString();
    }

    private List<Map<String, Object>> directory() {
        return jdbc.sql("SELECT * FROM user_directory ORDER BY id").query().listOfRows();
    }

    private List<Map<String, Object>> contacts() {
        return jdbc.sql("SELECT * FROM contacts ORDER BY id").query().listOfRows();
    }
}
