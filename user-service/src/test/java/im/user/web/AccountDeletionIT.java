package im.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.user.UserServiceIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** DELETE /user/{uuid} and what a deleted account no longer can, or no longer is. */
class AccountDeletionIT extends UserServiceIntegrationTest {

    @Test
    void deletingAnswersTheUserWithDeletedAtAndLoginThenFailsLikeAWrongPassword() {
        String name = uniqueName("ace");
        JsonNode user = register(name, "secret-pw");
        String uuid = user.get("uuid").asString();
        String other = uniqueName("sabo");
        register(other, "secret-pw");
        Instant before = Instant.now().minusSeconds(1);

        JsonNode deleted = ok(delete("/user/{u}", uuid, uuid));

        assertThat(deleted.get("uuid").asString()).isEqualTo(uuid);
        assertThat(deleted.get("username").asString()).isEqualTo(name);
        assertThat(deleted.get("email").asString()).isEqualTo(user.get("email").asString());
        assertThat(Instant.parse(deleted.get("deletedAt").asString())).isAfter(before);
        assertThat(deleted.toString()).doesNotContain("password").doesNotContain("$2a$");
        String login = post("/user/login", null, Map.of("username", name, "password", "secret-pw")).getBody();
        String wrongPassword = post("/user/login", null, Map.of("username", other, "password", "wrong-pw")).getBody();
        assertThat(login).isEqualTo(wrongPassword).isEqualTo("{\"code\":-1,\"msg\":\"login failed\",\"data\":null}");
    }

    @Test
    void theNameCanBeRegisteredAgainAtOnceAsANewAccount() {
        String name = uniqueName("pudding");
        String oldUuid = register(name, "secret-pw").get("uuid").asString();
        ok(delete("/user/{u}", oldUuid, oldUuid));

        JsonNode again = register(name, "other-secret");

        assertThat(again.get("uuid").asString()).isNotEqualTo(oldUuid);
        JsonNode login = ok(post("/user/login", null, Map.of("username", name, "password", "other-secret")));
        assertThat(login.get("uuid").asString()).isEqualTo(again.get("uuid").asString());
        JsonNode found = ok(get("/user/name?name={n}", again.get("uuid").asString(), name));
        assertThat(found.get("user").get("uuid").asString()).isEqualTo(again.get("uuid").asString());
    }

    @Test
    void aDeletedAccountIsNotFoundByNameNorShownByIdAndRefusesEveryCommand() {
        String name = uniqueName("ghost");
        String uuid = register(name, "secret-pw").get("uuid").asString();
        JsonNode viewer = register(uniqueName("perona"), "secret-pw");
        String viewerUuid = viewer.get("uuid").asString();
        ok(delete("/user/{u}", uuid, uuid));

        JsonNode search = ok(get("/user/name?name={n}", viewerUuid, name));
        assertThat(search.get("user").get("uuid").asString()).isEmpty();
        assertThat(search.get("user").get("username").asString()).isEmpty();
        JsonNode details = ok(get("/user/{u}", viewerUuid, uuid));
        assertThat(details.get("uuid").asString()).as("the legacy empty user").isEmpty();
        assertThat(details.get("username").asString()).isEmpty();

        String gone = "user doesn't exist";
        assertThat(refused(put("/user/" + uuid, uuid, Map.of("nickname", "boo")))).isEqualTo(gone);
        assertThat(refused(delete("/user/{u}", uuid, uuid))).isEqualTo(gone);
        assertThat(refused(post("/interact", uuid, Map.of("uuid", uuid, "interactWith",
                viewer.get("username").asString())))).isEqualTo(gone);
        assertThat(refused(post("/all-interact", uuid, Map.of("uuid", uuid, "interactWithUuid", viewerUuid))))
                .isEqualTo(gone);
        assertThat(refused(post("/interact", viewerUuid, Map.of("uuid", viewerUuid, "interactWith", name))))
                .isEqualTo(gone);
        assertThat(refused(post("/all-interact", viewerUuid, Map.of("uuid", viewerUuid, "interactWithUuid", uuid))))
                .isEqualTo(gone);
    }

    @Test
    void aDeletedAccountDisappearsFromEveryContactList() {
        JsonNode doomed = register(uniqueName("pell"), "secret-pw");
        String doomedUuid = doomed.get("uuid").asString();
        String stayer = register(uniqueName("chaka"), "secret-pw").get("uuid").asString();
        String keeper = register(uniqueName("igaram"), "secret-pw").get("uuid").asString();
        post("/friend", doomedUuid, Map.of("uuid", doomedUuid, "friendUsername", username(stayer)));
        post("/friend", keeper, Map.of("uuid", keeper, "friendUsername", username(doomedUuid)));
        post("/friend", keeper, Map.of("uuid", keeper, "friendUsername", username(stayer)));

        ok(delete("/user/{u}", doomedUuid, doomedUuid));

        assertThat(uuids(ok(get("/user?uuid={u}", stayer, stayer)))).containsExactly(keeper);
        assertThat(uuids(ok(get("/interact?uuid={u}", stayer, stayer)))).containsExactly(keeper);
        assertThat(uuids(ok(get("/user?uuid={u}", keeper, keeper)))).containsExactly(stayer);
        assertThat(uuids(ok(get("/interact?uuid={u}", keeper, keeper)))).containsExactly(stayer);
    }

    @Test
    void onlyTheUserThemselfCanDeleteTheAccount() {
        String name = uniqueName("kaido");
        String uuid = register(name, "secret-pw").get("uuid").asString();
        String attacker = register(uniqueName("big-mom"), "secret-pw").get("uuid").asString();

        ResponseEntity<String> response = delete("/user/{u}", attacker, uuid);

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"forbidden\",\"data\":null}");
        assertThat(ok(post("/user/login", null, Map.of("username", name, "password", "secret-pw")))
                .get("uuid").asString()).isEqualTo(uuid);
        assertThat(delete("/user/{u}", null, uuid).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void theInternalRouteListsTheAccountsDeletedSinceATime() {
        String kept = register(uniqueName("kept"), "secret-pw").get("uuid").asString();
        String uuid = register(uniqueName("gone"), "secret-pw").get("uuid").asString();
        Instant deletedAt = Instant.parse(ok(delete("/user/{u}", uuid, uuid)).get("deletedAt").asString());

        ResponseEntity<String> atTheTime = get("/internal/v1/users/deleted?sinceMs={s}", null, deletedAt.toEpochMilli());
        ResponseEntity<String> later = get("/internal/v1/users/deleted?sinceMs={s}", null, deletedAt.toEpochMilli() + 1);
        ResponseEntity<String> all = get("/internal/v1/users/deleted", null);

        assertThat(atTheTime.getStatusCode().value()).isEqualTo(200);
        assertThat(atTheTime.getBody()).startsWith("{\"uuids\":[");
        assertThat(uuidsOf(atTheTime)).contains(uuid).doesNotContain(kept);
        assertThat(uuidsOf(later)).doesNotContain(uuid);
        assertThat(uuidsOf(all)).contains(uuid).doesNotContain(kept);
        assertThat(uuidsOf(get("/internal/v1/users/deleted?sinceMs={s}", null, Long.MAX_VALUE))).isEmpty();
        assertThat(get("/internal/v1/users/deleted?sinceMs=yesterday", null).getStatusCode().value()).isEqualTo(400);
    }

    private String username(String uuid) {
        return ok(get("/user/{u}", uuid, uuid)).get("username").asString();
    }

    private static List<String> uuids(JsonNode list) {
        return list.valueStream().map(item -> item.get("uuid").asString()).toList();
    }

    private static List<String> uuidsOf(ResponseEntity<String> response) {
        return parse(response.getBody()).get("uuids").valueStream().map(JsonNode::asString).toList();
    }
}
