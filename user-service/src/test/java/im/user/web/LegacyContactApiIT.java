package im.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.user.UserServiceIntegrationTest;
import im.user.support.GroupServiceStandIn;
import java.time.Instant;
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

    // ---- leaving a 1:1 chat: DELETE /interact ----

    @Test
    void leavingHidesTheContactFromTheLeaversListsOnlyAndEchoesTheQuery() {
        JsonNode me = register(uniqueName("nami"), "secret-pw");
        JsonNode other = register(uniqueName("nojiko"), "secret-pw");
        String myUuid = me.get("uuid").asString();
        String otherUuid = other.get("uuid").asString();
        String otherName = other.get("username").asString();
        post("/friend", myUuid, Map.of("uuid", myUuid, "friendUsername", otherName));

        String left = delete("/interact?Uuid={u}&InteractWith={w}", myUuid, myUuid, otherName).getBody();

        assertThat(left).isEqualTo("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":{\"Uuid\":\"" + myUuid
                + "\",\"InteractWith\":\"" + otherName + "\"}}");
        assertThat(contactUuids(myUuid)).isEmpty();
        assertThat(chatUuids(myUuid)).isEmpty();
        assertThat(contactUuids(otherUuid)).as("the other side keeps the contact").containsExactly(myUuid);
        assertThat(chatUuids(otherUuid)).containsExactly(myUuid);
        var row = jdbc.sql("SELECT active, left_at FROM contacts WHERE owner_uuid = ? AND contact_uuid = ?")
                .params(myUuid, otherUuid).query().singleRow();
        assertThat(row.get("active")).isEqualTo(false);
        assertThat(row.get("left_at")).as("the leave is kept for the leaver").isNotNull();
    }

    @Test
    void reAddingByTheLeaverRestoresBothListsInBothRouteFamilies() {
        JsonNode me = register(uniqueName("usopp"), "secret-pw");
        JsonNode other = register(uniqueName("kaya"), "secret-pw");
        String myUuid = me.get("uuid").asString();
        String otherUuid = other.get("uuid").asString();
        post("/interact", myUuid, Map.of("uuid", myUuid, "interactWith", other.get("username").asString()));
        delete("/interact?Uuid={u}&InteractWith={w}", myUuid, myUuid, other.get("username").asString());

        String again = post("/interact", myUuid,
                Map.of("uuid", myUuid, "interactWith", other.get("username").asString())).getBody();

        assertThat(parse(again).get("code").asInt()).as(again).isZero();
        assertBothSeeEachOther(myUuid, otherUuid);
    }

    @Test
    void reAddingByTheSideThatStayedRestoresTheLeaversListsToo() {
        JsonNode me = register(uniqueName("franky"), "secret-pw");
        JsonNode other = register(uniqueName("iceburg"), "secret-pw");
        String myUuid = me.get("uuid").asString();
        String otherUuid = other.get("uuid").asString();
        post("/friend", myUuid, Map.of("uuid", myUuid, "friendUsername", other.get("username").asString()));
        delete("/interact?Uuid={u}&InteractWith={w}", myUuid, myUuid, other.get("username").asString());

        String again = post("/friend", otherUuid,
                Map.of("uuid", otherUuid, "friendUsername", me.get("username").asString())).getBody();

        assertThat(parse(again).get("code").asInt()).as(again).isZero();
        assertBothSeeEachOther(myUuid, otherUuid);
    }

    @Test
    void afterBothLeftEitherCanAddAgain() {
        JsonNode me = register(uniqueName("robin"), "secret-pw");
        JsonNode other = register(uniqueName("olvia"), "secret-pw");
        String myUuid = me.get("uuid").asString();
        String otherUuid = other.get("uuid").asString();
        post("/friend", myUuid, Map.of("uuid", myUuid, "friendUsername", other.get("username").asString()));
        delete("/interact?Uuid={u}&InteractWith={w}", myUuid, myUuid, other.get("username").asString());
        delete("/interact?Uuid={u}&InteractWith={w}", otherUuid, otherUuid, me.get("username").asString());
        assertThat(contactUuids(otherUuid)).isEmpty();

        post("/friend", otherUuid, Map.of("uuid", otherUuid, "friendUsername", me.get("username").asString()));

        assertBothSeeEachOther(myUuid, otherUuid);
    }

    @Test
    void leavingTwiceANonContactOrYourselfIsRefusedAndAnUnknownNameIsNoUser() {
        JsonNode me = register(uniqueName("brook"), "secret-pw");
        JsonNode other = register(uniqueName("laboon"), "secret-pw");
        JsonNode stranger = register(uniqueName("stranger"), "secret-pw");
        String myUuid = me.get("uuid").asString();
        post("/friend", myUuid, Map.of("uuid", myUuid, "friendUsername", other.get("username").asString()));
        delete("/interact?Uuid={u}&InteractWith={w}", myUuid, myUuid, other.get("username").asString());

        String twice = delete("/interact?Uuid={u}&InteractWith={w}", myUuid, myUuid,
                other.get("username").asString()).getBody();
        String nonContact = delete("/interact?Uuid={u}&InteractWith={w}", myUuid, myUuid,
                stranger.get("username").asString()).getBody();
        String self = delete("/interact?Uuid={u}&InteractWith={w}", myUuid, myUuid,
                me.get("username").asString()).getBody();
        String unknown = delete("/interact?Uuid={u}&InteractWith={w}", myUuid, myUuid, uniqueName("nobody")).getBody();

        String noInteract = "{\"code\":-1,\"msg\":\"interact doesn't exist\",\"data\":null}";
        assertThat(twice).isEqualTo(noInteract);
        assertThat(nonContact).isEqualTo(noInteract);
        assertThat(self).isEqualTo(noInteract);
        assertThat(unknown).isEqualTo("{\"code\":-1,\"msg\":\"user doesn't exist\",\"data\":null}");
    }

    @Test
    void theLegacyQueryKeysAreRequired() {
        String me = register(uniqueName("pell"), "secret-pw").get("uuid").asString();
        assertThat(refused(delete("/interact?uuid={u}&InteractWith=x", me, me))).isEqualTo("missing parameter Uuid");
        assertThat(refused(delete("/all-interact?Uuid={u}", me, me)))
                .isEqualTo("missing parameter InteractWithUuid");
    }

    // ---- my chat list: GET /interact ----

    @Test
    void theChatListIsEmptyAsAnEmptyArray() {
        String me = register(uniqueName("vivi"), "secret-pw").get("uuid").asString();
        assertThat(get("/interact?uuid={u}", me, me).getBody()).isEqualTo("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":[]}");
    }

    @Test
    void chatItemsHaveTheLegacyKeysWithACapitalNAndFollowTheOrderAdded() {
        JsonNode me = register(uniqueName("zoro"), "secret-pw");
        JsonNode first = register(uniqueName("kuina"), "secret-pw");
        JsonNode second = register(uniqueName("tashigi"), "secret-pw");
        String myUuid = me.get("uuid").asString();
        post("/friend", myUuid, Map.of("uuid", myUuid, "friendUsername", first.get("username").asString()));
        post("/friend", myUuid, Map.of("uuid", myUuid, "friendUsername", second.get("username").asString()));

        JsonNode items = parse(get("/interact?uuid={u}", myUuid, myUuid).getBody()).get("data");

        assertThat(items.get(0).toString()).isEqualTo("{\"id\":" + first.get("id").asLong() + ",\"uuid\":\""
                + first.get("uuid").asString() + "\",\"username\":\"" + first.get("username").asString()
                + "\",\"avatar\":\"\",\"Name\":\"\"}");
        assertThat(chatUuids(myUuid)).containsExactly(first.get("uuid").asString(), second.get("uuid").asString());

        delete("/interact?Uuid={u}&InteractWith={w}", myUuid, myUuid, first.get("username").asString());
        post("/interact", myUuid, Map.of("uuid", myUuid, "interactWith", first.get("username").asString()));
        assertThat(chatUuids(myUuid)).as("a re-added contact comes last")
                .containsExactly(second.get("uuid").asString(), first.get("uuid").asString());
        assertThat(contactUuids(myUuid)).containsExactly(second.get("uuid").asString(), first.get("uuid").asString());
    }

    @Test
    void nobodyCanLeaveListOrAllInteractForSomeoneElse() {
        JsonNode victim = register(uniqueName("ace"), "secret-pw");
        JsonNode friend = register(uniqueName("marco"), "secret-pw");
        String me = register(uniqueName("blackbeard"), "secret-pw").get("uuid").asString();
        String victimUuid = victim.get("uuid").asString();
        post("/friend", victimUuid, Map.of("uuid", victimUuid, "friendUsername", friend.get("username").asString()));

        assertThat(delete("/interact?Uuid={u}&InteractWith={w}", me, victimUuid, friend.get("username").asString())
                .getStatusCode().value()).isEqualTo(403);
        assertThat(get("/interact?uuid={u}", me, victimUuid).getStatusCode().value()).isEqualTo(403);
        assertThat(post("/all-interact", me, Map.of("uuid", victimUuid, "interactWithUuid", me))
                .getStatusCode().value()).isEqualTo(403);
        assertThat(delete("/all-interact?Uuid={u}&InteractWithUuid={w}", me, victimUuid,
                friend.get("uuid").asString()).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> forbidden = delete("/interact?Uuid={u}&InteractWith={w}", me, victimUuid, "x");
        assertThat(forbidden.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"forbidden\",\"data\":null}");
        assertThat(contactUuids(victimUuid)).containsExactly(friend.get("uuid").asString());
        assertThat(contactUuids(me)).isEmpty();
    }

    // ---- /all-interact with user ids ----

    @Test
    void allInteractAddsAUserByIdAndAnswersTheRow() {
        JsonNode me = register(uniqueName("luffy"), "secret-pw");
        JsonNode other = register(uniqueName("shanks"), "secret-pw");
        String myUuid = me.get("uuid").asString();
        String otherUuid = other.get("uuid").asString();
        Instant before = Instant.now().minusSeconds(1);

        JsonNode row = ok(post("/all-interact", myUuid, Map.of("Uuid", myUuid, "InteractWithUuid", otherUuid)));

        assertThat(row.get("id").asLong()).isPositive();
        assertThat(Instant.parse(row.get("createdAt").asString())).isAfter(before);
        assertThat(row.has("deletedAt")).isTrue();
        assertThat(row.get("deletedAt").isNull()).isTrue();
        assertThat(row.get("userUuid").asString()).isEqualTo(myUuid);
        assertThat(row.get("username").asString()).isEqualTo(me.get("username").asString());
        assertThat(row.get("interactWithUuid").asString()).isEqualTo(otherUuid);
        assertThat(row.get("interactWith").asString()).isEqualTo(other.get("username").asString());
        assertBothSeeEachOther(myUuid, otherUuid);
        assertThat(refused(post("/all-interact", otherUuid, Map.of("uuid", otherUuid, "interactWithUuid", myUuid))))
                .isEqualTo("already interact with this user");
    }

    @Test
    void allInteractRemovesAUserByIdAndAnswersTheRowWithDeletedAt() {
        JsonNode me = register(uniqueName("sanji"), "secret-pw");
        JsonNode other = register(uniqueName("zeff"), "secret-pw");
        String myUuid = me.get("uuid").asString();
        String otherUuid = other.get("uuid").asString();
        JsonNode added = ok(post("/all-interact", myUuid, Map.of("uuid", myUuid, "interactWithUuid", otherUuid)));

        JsonNode removed = ok(delete("/all-interact?Uuid={u}&InteractWithUuid={w}", myUuid, myUuid, otherUuid));

        assertThat(removed.get("id").asLong()).isEqualTo(added.get("id").asLong());
        assertThat(removed.get("createdAt").asString()).isEqualTo(added.get("createdAt").asString());
        assertThat(Instant.parse(removed.get("deletedAt").asString()))
                .isAfterOrEqualTo(Instant.parse(added.get("createdAt").asString()));
        assertThat(removed.get("interactWith").asString()).isEqualTo(other.get("username").asString());
        assertThat(contactUuids(myUuid)).isEmpty();
        assertThat(chatUuids(myUuid)).isEmpty();
        assertThat(contactUuids(otherUuid)).containsExactly(myUuid);
        assertThat(refused(delete("/all-interact?Uuid={u}&InteractWithUuid={w}", myUuid, myUuid, otherUuid)))
                .isEqualTo("interact doesn't exist");
    }

    @Test
    void allInteractReadsABareUuidAsAUserWhenNoGroupHasIt() {
        String me = register(uniqueName("chopper"), "secret-pw").get("uuid").asString();
        String other = register(uniqueName("hiluluk"), "secret-pw").get("uuid").asString();
        GroupServiceStandIn.get().respond(request -> GroupServiceStandIn.Response.refused("unexpected call"));

        JsonNode row = ok(post("/all-interact", me, Map.of("uuid", me, "interactWithUuid", other.substring(5))));

        assertThat(row.get("interactWithUuid").asString()).isEqualTo(other);
        assertThat(contactUuids(me)).containsExactly(other);
        assertThat(GroupServiceStandIn.get().requests()).isEmpty();
    }

    @Test
    void allInteractRefusesUnknownIdsWithTheRightErrorAndNeverAServerError() {
        String me = register(uniqueName("kuro"), "secret-pw").get("uuid").asString();
        GroupServiceStandIn.get().respond(request -> GroupServiceStandIn.Response.refused("unexpected call"));

        for (String id : List.of("[usr]00000000-0000-0000-0000-000000000000", "00000000-0000-4000-8000-000000000000",
                "nobody", "", "[usr]\u0000", "x".repeat(500))) {
            assertThat(refused(post("/all-interact", me, Map.of("uuid", me, "interactWithUuid", id))))
                    .as(id).isEqualTo("user doesn't exist");
            assertThat(refused(delete("/all-interact?Uuid={u}&InteractWithUuid={w}", me, me, id)))
                    .as(id).isEqualTo("user doesn't exist");
        }
        for (String id : List.of("[grp]nope", "[grp]", "[grp]00000000-0000-4000-8000-00000000000")) {
            assertThat(refused(post("/all-interact", me, Map.of("uuid", me, "interactWithUuid", id))))
                    .as(id).isEqualTo("group doesn't exist");
        }
        assertThat(refused(post("/all-interact", me, Map.of("uuid", me)))).isEqualTo("user doesn't exist");
        assertThat(refused(post("/all-interact", me, Map.of("uuid", me, "interactWithUuid", me))))
                .isEqualTo("cannot add yourself");
        assertThat(GroupServiceStandIn.get().requests()).as("no group-service call for a malformed id").isEmpty();
    }

    private void assertBothSeeEachOther(String a, String b) {
        assertThat(contactUuids(a)).containsExactly(b);
        assertThat(contactUuids(b)).containsExactly(a);
        assertThat(chatUuids(a)).containsExactly(b);
        assertThat(chatUuids(b)).containsExactly(a);
    }

    private List<String> chatUuids(String uuid) {
        JsonNode body = parse(get("/interact?uuid={u}", uuid, uuid).getBody());
        assertThat(body.get("code").asInt()).isZero();
        return body.get("data").valueStream().map(item -> item.get("uuid").asString()).toList();
    }

    private List<String> contactUuids(String uuid) {
        JsonNode body = parse(get("/user?uuid={u}", uuid, uuid).getBody());
        assertThat(body.get("code").asInt()).isZero();
        return body.get("data").valueStream().map(contact -> contact.get("uuid").asString()).toList();
    }
}
