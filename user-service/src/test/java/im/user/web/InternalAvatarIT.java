package im.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.user.UserServiceIntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** PUT /internal/v1/users/{uuid}/avatar: media-service sets the avatar of an uploaded picture. */
class InternalAvatarIT extends UserServiceIntegrationTest {

    private ResponseEntity<String> changeAvatar(String uuid, Object body) {
        return client().put().uri("/internal/v1/users/{u}/avatar", uuid)
                .contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(body))
                .retrieve().toEntity(String.class);
    }

    private static String avatarName() {
        return UUID.randomUUID() + ".png";
    }

    @Test
    void theAvatarChangesAndTheProfileShowsItAtOnce() {
        String name = uniqueName("franky");
        JsonNode user = register(name, "secret-pw");
        String uuid = user.get("uuid").asString();
        String avatar = avatarName();

        ResponseEntity<String> response = changeAvatar(uuid, Map.of("avatar", avatar));

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode body = parse(response.getBody());
        assertThat(body.get("uuid").asString()).isEqualTo(uuid);
        assertThat(body.get("avatar").asString()).isEqualTo(avatar);
        JsonNode details = ok(get("/user/{u}", uuid, uuid));
        assertThat(details.get("avatar").asString()).isEqualTo(avatar);
        assertThat(details.get("nickname").asString()).as("the rest of the profile is kept")
                .isEqualTo(user.get("nickname").asString());
        assertThat(details.get("email").asString()).isEqualTo(user.get("email").asString());
        assertThat(changeAvatar(uuid, Map.of("avatar", avatar)).getStatusCode().value())
                .as("the same avatar again").isEqualTo(200);
    }

    @Test
    void anUnknownUserIs404() {
        ResponseEntity<String> response = changeAvatar("[usr]" + UUID.randomUUID(), Map.of("avatar", avatarName()));

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(parse(response.getBody()).get("code").asString()).isEqualTo("user_not_found");
    }

    @Test
    void aDeletedUserIs410() {
        String uuid = register(uniqueName("brook"), "secret-pw").get("uuid").asString();
        ok(delete("/user/{u}", uuid, uuid));

        ResponseEntity<String> response = changeAvatar(uuid, Map.of("avatar", avatarName()));

        assertThat(response.getStatusCode().value()).isEqualTo(410);
        assertThat(parse(response.getBody()).get("code").asString()).isEqualTo("user_deleted");
    }

    @Test
    void anAvatarThatIsNotAFileNameIs400() {
        String uuid = register(uniqueName("usopp"), "secret-pw").get("uuid").asString();

        for (String bad : new String[]{"", "../x.png", "a/b.png", "a..png", ".hidden", "x".repeat(101), "a b.png"}) {
            ResponseEntity<String> response = changeAvatar(uuid, Map.of("avatar", bad));
            assertThat(response.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(parse(response.getBody()).get("code").asString()).isEqualTo("bad_avatar");
        }
        assertThat(changeAvatar(uuid, Map.of("other", "x")).getStatusCode().value()).isEqualTo(400);
        assertThat(ok(get("/user/{u}", uuid, uuid)).get("avatar").asString()).isEmpty();
    }
}
