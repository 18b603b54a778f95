package im.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.user.UserServiceIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

class LegacyContactApiIT extends UserServiceIntegrationTest {

    @Test
    void aNewUserHasAnEmptyContactList() {
        String me = register(uniqueName("ace"), "secret-pw").get("uuid").asString();
        assertThat(get("/user?uuid={u}", me, me).getBody()).isEqualTo("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":[]}");
    }

    @Test
    void friendMakesBothUsersContactsVisibleAtOnce() {
        JsonNode me = register(uniqueName("sabo"), "secret-pw");
        JsonNode other = register(uniqueName("koala"), "secret-pw");
        String myUuid = me.get("uuid").asString();
        String otherUuid = other.get("uuid").asString();

        String added = post("/friend", myUuid,
                Map.of("uuid", myUuid, "friendUsername", other.get("username").asString())).getBody();

        assertThat(added).isEqualTo("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":null}");
        assertThat(contactUuids(myUuid)).containsExactly(otherUuid);
        assertThat(contactUuids(otherUuid)).containsExactly(myUuid);
        JsonNode listed = parse(get("/user?uuid={u}", myUuid, myUuid).getBody()).get("data").get(0);
        assertThat(listed.get("username").asString()).isEqualTo(other.get("username").asString());
        assertThat(listed.get("nickname").asString()).isEqualTo(other.get("nickname").asString());
        assertThat(listed.get("avatar").asString()).isEmpty();
        assertThat(listed.get("email").asString()).isEmpty();
        assertThat(listed.toString()).doesNotContain("password");
    }

    @Test
    void interactTakesAUsernameAndIsMutualToo() {
        String me = register(uniqueName("smoker"), "secret-pw").get("uuid").asString();
        JsonNode other = register(uniqueName("tashigi"), "secret-pw");
        String otherUuid = other.get("uuid").asString();

        String added = post("/interact", me, Map.of("Uuid", me, "InteractWith", other.get("username").asString()))
                .getBody();

        assertThat(parse(added).get("code").asInt()).isZero();
        assertThat(contactUuids(me)).containsExactly(otherUuid);
        assertThat(contactUuids(otherUuid)).containsExactly(me);
    }

    @Test
    void addingAnExistingContactAgainIsRefusedFromEitherSide() {
        JsonNode me = register(uniqueName("buggy"), "secret-pw");
        JsonNode other = register(uniqueName("alvida"), "secret-pw");
        String myUuid = me.get("uuid").asString();
        String otherUuid = other.get("uuid").asString();
        post("/friend", myUuid, Map.of("uuid", myUuid, "friendUsername", other.get("username").asString()));

        String again = post("/friend", myUuid,
                Map.of("uuid", myUuid, "friendUsername", other.get("username").asString())).getBody();
        String reverse = post("/interact", otherUuid,
                Map.of("uuid", otherUuid, "interactWith", me.get("username").asString())).getBody();

        assertThat(again).isEqualTo("{\"code\":-1,\"msg\":\"already interact with this user\",\"data\":null}");
        assertThat(reverse).isEqualTo(again);
        assertThat(contactUuids(myUuid)).containsExactly(otherUuid);
    }

    @Test
    void addingYourselfOrAnUnknownUserIsRefused() {
        JsonNode me = register(uniqueName("crocodile"), "secret-pw");
        String myUuid = me.get("uuid").asString();

        String self = post("/friend", myUuid, Map.of("uuid", myUuid, "friendUsername", me.get("username").asString()))
                .getBody();
        String unknown = post("/interact", myUuid, Map.of("uuid", myUuid, "interactWith", uniqueName("nobody")))
                .getBody();

        assertThat(self).isEqualTo("{\"code\":-1,\"msg\":\"cannot add yourself\",\"data\":null}");
        assertThat(unknown).isEqualTo("{\"code\":-1,\"msg\":\"user doesn't exist\",\"data\":null}");
        assertThat(contactUuids(myUuid)).isEmpty();
    }

    @Test
    void nobodyCanAddContactsOrReadContactsForSomeoneElse() {
        String me = register(uniqueName("teach"), "secret-pw").get("uuid").asString();
        JsonNode victim = register(uniqueName("whitebeard"), "secret-pw");
        String victimUuid = victim.get("uuid").asString();
        JsonNode third = register(uniqueName("marco"), "secret-pw");

        ResponseEntity<String> onBehalf = post("/friend", me,
                Map.of("uuid", victimUuid, "friendUsername", third.get("username").asString()));
        ResponseEntity<String> readOther = get("/user?uuid={u}", me, victimUuid);

        assertThat(onBehalf.getStatusCode().value()).isEqualTo(403);
        assertThat(readOther.getStatusCode().value()).isEqualTo(403);
        assertThat(contactUuids(victimUuid)).isEmpty();
    }

    private List<String> contactUuids(String uuid) {
        JsonNode body = parse(get("/user?uuid={u}", uuid, uuid).getBody());
        assertThat(body.get("code").asInt()).isZero();
        return body.get("data").valueStream().map(contact -> contact.get("uuid").asString()).toList();
    }
}
