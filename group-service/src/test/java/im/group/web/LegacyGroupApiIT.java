package im.group.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import im.group.GroupServiceIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every group route as a client sees it through the gateway (caller header set, legacy envelope). */
class LegacyGroupApiIT extends GroupServiceIntegrationTest {

    @Test
    void creatingAGroupAnswersTheGroupAndListsItInBothForms() {
        String luffy = knownUser("luffy");

        JsonNode group = ok(POST, "/group/" + luffy, luffy, Map.of("name", "straw hats", "notice", "to the sea"));

        assertThat(group.get("uuid").asString()).matches("\\[grp][0-9a-f-]{36}");
        assertThat(group.get("id").asLong()).isPositive();
        assertThat(group.get("name").asString()).isEqualTo("straw hats");
        assertThat(group.get("notice").asString()).isEqualTo("to the sea");
        assertThat(group.get("creatorUuid").asString()).isEqualTo(luffy);
        assertThat(group.get("creator").asString()).isEqualTo(usernameFor("luffy", luffy));
        assertThat(group.get("createdAt").asString()).endsWith("Z").isEqualTo(group.get("createAt").asString());

        JsonNode goChat = ok(GET, "/group/" + luffy, luffy, null);
        JsonNode imSdk = ok(GET, "/group?uuid=" + luffy, luffy, null);
        assertThat(goChat).isEqualTo(imSdk);
        assertThat(goChat).hasSize(1);
        JsonNode item = goChat.get(0);
        assertThat(item.get("uuid").asString()).isEqualTo(group.get("uuid").asString());
        assertThat(item.get("groupId").asLong()).isEqualTo(group.get("id").asLong());
        assertThat(item.get("name").asString()).isEqualTo("straw hats");
        assertThat(item.get("notice").asString()).isEqualTo("to the sea");
        assertThat(item.get("createdAt").asString()).isEqualTo(group.get("createdAt").asString());
        assertThat(item.get("createAt").asString()).isEqualTo(group.get("createdAt").asString());
    }

    @Test
    void myGroupsIsAnEmptyListForSomeoneWithoutGroups() {
        String nobody = newUserUuid();
        assertThat(call(GET, "/group/" + nobody, nobody, null).getBody())
                .isEqualTo("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":[]}");
        assertThat(call(GET, "/group?uuid=" + nobody, nobody, null).getBody())
                .isEqualTo("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":[]}");
    }

    @Test
    void aJustRegisteredUserCanCreateAGroupAtOnce() {
        String uuid = newUserUuid();
        publishRegistered(uuid, usernameFor("fresh", uuid));

        JsonNode group = ok(POST, "/group/" + uuid, uuid, Map.of("name", "fresh crew"));

        assertThat(group.get("creator").asString()).isEqualTo(usernameFor("fresh", uuid));
    }

    @Test
    void createRefusesUnknownUsersAndBadNames() {
        String ghost = newUserUuid();
        assertThat(refused(POST, "/group/" + ghost, ghost, Map.of("name", "ghosts"))).isEqualTo("user doesn't exist");
        String zoro = knownUser("zoro");
        assertThat(refused(POST, "/group/" + zoro, zoro, Map.of("name", ""))).isEqualTo("name is required");
        assertThat(refused(POST, "/group/" + zoro, zoro, Map.of("name", "x".repeat(65))))
                .isEqualTo("name must be at most 64 characters");
        assertThat(refused(POST, "/group/" + zoro, zoro, Map.of("name", "nul\u0000")))
                .isEqualTo("name must not contain control characters");
        assertThat(refused(POST, "/group/" + zoro, zoro, Map.of("name", "ok", "notice", "n".repeat(351))))
                .isEqualTo("notice must be at most 350 characters");
        assertThat(ok(GET, "/group/" + zoro, zoro, null)).isEmpty();
    }

    @Test
    void routesWhereTheUuidMeansMeAreForbiddenForOthers() {
        String nami = knownUser("nami");
        String usopp = knownUser("usopp");
        String group = createGroup(nami, "navigators");

        assertThat(status(POST, "/group/" + nami, usopp, Map.of("name", "stolen"))).isEqualTo(403);
        assertThat(status(GET, "/group/" + nami, usopp, null)).isEqualTo(403);
        assertThat(status(GET, "/group?uuid=" + nami, usopp, null)).isEqualTo(403);
        assertThat(status(POST, "/group/join/" + nami + "/" + group, usopp, null)).isEqualTo(403);
        assertThat(status(DELETE, "/group/leave/" + nami + "/" + group, usopp, null)).isEqualTo(403);
        assertThat(status(GET, "/group/" + nami, null, null)).as("no caller").isEqualTo(401);
        assertThat(ok(GET, "/group/" + nami, nami, null)).hasSize(1);
    }

    @Test
    void joiningAnswersTheMembershipAndShowsTheMemberToMembersWithoutEmail() {
        String owner = knownUser("robin");
        String joiner = knownUser("chopper");
        String group = createGroup(owner, "scholars");

        JsonNode member = ok(POST, "/group/join/" + joiner + "/" + group, joiner, null);

        assertThat(member.get("id").asLong()).isPositive();
        assertThat(member.get("joinedAt").asString()).endsWith("Z");
        assertThat(member.has("leftAt")).isTrue();
        assertThat(member.get("leftAt").isNull()).isTrue();
        assertThat(member.get("groupUuid").asString()).isEqualTo(group);
        assertThat(member.get("name").asString()).isEqualTo("scholars");
        assertThat(member.get("userUuid").asString()).isEqualTo(joiner);
        assertThat(member.get("username").asString()).isEqualTo(usernameFor("chopper", joiner));
        assertThat(member.get("mute").asInt()).isZero();

        JsonNode info = ok(GET, "/group/info/" + group, joiner, null);
        assertThat(info.get("uuid").asString()).isEqualTo(group);
        assertThat(info.get("name").asString()).isEqualTo("scholars");
        assertThat(info.get("creator").asString()).isEqualTo(usernameFor("robin", owner));
        assertThat(info.get("createdAt").asString()).endsWith("Z");
        assertThat(info.get("members")).hasSize(2);
        JsonNode first = info.get("members").get(0);
        assertThat(first.get("uuid").asString()).isEqualTo(owner);
        assertThat(first.get("username").asString()).isEqualTo(usernameFor("robin", owner));
        assertThat(first.get("nickname").asString()).isEqualTo(usernameFor("robin", owner) + " nick");
        assertThat(first.get("avatar").asString()).isEqualTo(usernameFor("robin", owner) + ".png");
        assertThat(first.get("role").asString()).isEqualTo("owner");
        assertThat(info.get("members").get(1).get("role").asString()).isEqualTo("member");

        JsonNode members = ok(GET, "/group/user/" + group, owner, null);
        assertThat(members).isEqualTo(info.get("members"));
        for (String body : List.of(call(GET, "/group/info/" + group, owner, null).getBody(),
                call(GET, "/group/user/" + group, owner, null).getBody())) {
            assertThat(body).doesNotContain("email").doesNotContain("@example.org");
        }
        assertThat(ok(GET, "/group/" + joiner, joiner, null).get(0).get("uuid").asString()).isEqualTo(group);
    }

    @Test
    void joinRefusesTwiceUnknownGroupsAndUnknownUsersAndAcceptsBareUuids() {
        String owner = knownUser("franky");
        String joiner = knownUser("brook");
        String group = createGroup(owner, "shipwrights");

        assertThat(refused(POST, "/group/join/" + owner + "/" + group, owner, null))
                .isEqualTo("already joined the group");
        assertThat(refused(POST, "/group/join/" + joiner + "/[grp]" + UUID.randomUUID(), joiner, null))
                .isEqualTo("group doesn't exist");
        assertThat(refused(POST, "/group/join/" + joiner + "/not-a-group", joiner, null))
                .isEqualTo("group doesn't exist");
        String ghost = newUserUuid();
        assertThat(refused(POST, "/group/join/" + ghost + "/" + group, ghost, null)).isEqualTo("user doesn't exist");

        JsonNode member = ok(POST, "/group/join/" + joiner + "/" + group.substring(5), joiner, null);
        assertThat(member.get("groupUuid").asString()).isEqualTo(group);
        assertThat(refused(POST, "/group/join/" + joiner + "/" + group, joiner, null))
                .isEqualTo("already joined the group");
    }

    @Test
    void nonMembersCannotSeeInfoOrMembers() {
        String owner = knownUser("jinbe");
        String outsider = knownUser("buggy");
        String group = createGroup(owner, "fishmen");

        assertThat(status(GET, "/group/info/" + group, outsider, null)).isEqualTo(403);
        assertThat(status(GET, "/group/user/" + group, outsider, null)).isEqualTo(403);
        assertThat(call(GET, "/group/user/" + group, outsider, null).getBody()).contains("\"code\":-1");
        assertThat(refused(GET, "/group/info/[grp]" + UUID.randomUUID(), owner, null)).isEqualTo("group doesn't exist");
    }

    @Test
    void membersOfSomethingThatIsNoGroupAreNull() {
        String me = knownUser("vivi");
        String other = knownUser("carue");
        assertThat(call(GET, "/group/user/" + other, me, null).getBody())
                .isEqualTo("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":null}");
        assertThat(call(GET, "/group/user/[grp]" + UUID.randomUUID(), me, null).getBody())
                .isEqualTo("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":null}");
    }

    @Test
    void leavingAnswersTheRemainingMembersAndTheListsFollow() {
        String owner = knownUser("ace");
        String member = knownUser("sabo");
        String group = createGroup(owner, "brothers");
        join(member, group);

        JsonNode info = ok(DELETE, "/group/leave/" + member + "/" + group, member, null);

        assertThat(info.get("uuid").asString()).isEqualTo(group);
        assertThat(info.get("members")).hasSize(1);
        assertThat(info.get("members").get(0).get("uuid").asString()).isEqualTo(owner);
        assertThat(ok(GET, "/group/" + member, member, null)).isEmpty();
        assertThat(ok(GET, "/group?uuid=" + member, member, null)).isEmpty();
        assertThat(ok(GET, "/group/" + owner, owner, null)).hasSize(1);
        assertThat(status(GET, "/group/info/" + group, member, null)).isEqualTo(403);
        assertThat(ok(GET, "/group/user/" + group, owner, null)).hasSize(1);
        assertThat(refused(DELETE, "/group/leave/" + member + "/" + group, member, null))
                .isEqualTo("user not joined the group yet");

        JsonNode again = ok(POST, "/group/join/" + member + "/" + group, member, null);
        assertThat(again.get("leftAt").isNull()).isTrue();
        assertThat(ok(GET, "/group/" + member, member, null)).hasSize(1);
    }

    @Test
    void theOwnerLeavesOnlyAfterTransferringOrAsTheLastMember() {
        String owner = knownUser("shanks");
        String member = knownUser("beckman");
        String group = createGroup(owner, "red hair");
        join(member, group);

        assertThat(refused(DELETE, "/group/leave/" + owner + "/" + group, owner, null))
                .isEqualTo("the owner must transfer ownership before leaving");
        ok(POST, "/group/owner/" + group + "/" + member, owner, null);
        ok(DELETE, "/group/leave/" + owner + "/" + group, owner, null);
        JsonNode last = ok(DELETE, "/group/leave/" + member + "/" + group, member, null);

        assertThat(last.get("members")).isEmpty();
        String latecomer = knownUser("lucky");
        assertThat(refused(POST, "/group/join/" + latecomer + "/" + group, latecomer, null))
                .as("a group whose last member left is closed").isEqualTo("group doesn't exist");
    }

    @Test
    void theMemberLimitRefusesFurtherJoins() {
        String owner = knownUser("whitebeard");
        String group = createGroup(owner, "family");
        List<String> members = new ArrayList<>();
        for (int i = 1; i < MAX_MEMBERS; i++) {
            String member = knownUser("son" + i);
            join(member, group);
            members.add(member);
        }
        String oneTooMany = knownUser("teach");

        assertThat(refused(POST, "/group/join/" + oneTooMany + "/" + group, oneTooMany, null))
                .isEqualTo("the group is full");
        assertThat(ok(GET, "/group/user/" + group, owner, null)).hasSize(MAX_MEMBERS);

        ok(DELETE, "/group/leave/" + members.get(0) + "/" + group, members.get(0), null);
        join(oneTooMany, group);
    }

    @Test
    void adminRoutesFollowTheRoles() {
        String owner = knownUser("garp");
        String admin = knownUser("koby");
        String member = knownUser("helmeppo");
        String group = createGroup(owner, "marines");
        join(admin, group);
        join(member, group);

        assertThat(refused(PUT, "/group/role/" + group + "/" + admin, member, Map.of("role", "admin")))
                .isEqualTo("only the owner can do this");
        assertThat(refused(PUT, "/group/role/" + group + "/" + admin, owner, Map.of("role", "captain")))
                .isEqualTo("role must be admin or member");
        JsonNode promoted = ok(PUT, "/group/role/" + group + "/" + admin, owner, Map.of("role", "admin"));
        assertThat(roleOf(promoted, admin)).isEqualTo("admin");

        assertThat(refused(PUT, "/group/info/" + group, member, Map.of("name", "pirates")))
                .isEqualTo("only the owner or an admin can do this");
        JsonNode renamed = ok(PUT, "/group/info/" + group, admin, Map.of("name", "navy", "notice", "justice"));
        assertThat(renamed.get("name").asString()).isEqualTo("navy");
        assertThat(renamed.get("notice").asString()).isEqualTo("justice");
        assertThat(ok(GET, "/group/" + member, member, null).get(0).get("name").asString()).isEqualTo("navy");
        assertThat(refused(PUT, "/group/info/" + group, admin, Map.of("notice", "\u0007")))
                .isEqualTo("notice must not contain control characters");
        assertThat(refused(PUT, "/group/info/" + group, admin, Map.of("name", "half", "notice", "n".repeat(351))))
                .isEqualTo("notice must be at most 350 characters");
        assertThat(ok(GET, "/group/info/" + group, admin, null).get("name").asString())
                .as("nothing of a refused change is applied").isEqualTo("navy");

        assertThat(refused(DELETE, "/group/member/" + group + "/" + owner, admin, null))
                .isEqualTo("only the owner can do this");
        assertThat(refused(DELETE, "/group/member/" + group + "/" + admin, member, null))
                .isEqualTo("only the owner or an admin can do this");
        JsonNode removed = ok(DELETE, "/group/member/" + group + "/" + member, admin, null);
        assertThat(removed.get("members")).hasSize(2);
        assertThat(ok(GET, "/group/" + member, member, null)).isEmpty();
        assertThat(status(GET, "/group/info/" + group, member, null)).isEqualTo(403);

        assertThat(refused(POST, "/group/owner/" + group + "/" + admin, admin, null))
                .isEqualTo("only the owner can do this");
        assertThat(refused(POST, "/group/owner/" + group + "/" + member, owner, null))
                .isEqualTo("user not joined the group yet");
        JsonNode transferred = ok(POST, "/group/owner/" + group + "/" + admin, owner, null);
        assertThat(roleOf(transferred, admin)).isEqualTo("owner");
        assertThat(roleOf(transferred, owner)).isEqualTo("admin");
        JsonNode removedOldOwner = ok(DELETE, "/group/member/" + group + "/" + owner, admin, null);
        assertThat(removedOldOwner.get("members")).hasSize(1);
    }

    @Test
    void staticSegmentsWinOverTheUserUuidRoute() {
        String owner = knownUser("kaido");
        String member = knownUser("king");
        String group = createGroup(owner, "beasts");
        join(member, group);

        // each of these would be a 403 (someone else's uuid) or a new group if /group/{userUuid} matched
        assertThat(ok(GET, "/group/info/" + group, member, null).get("uuid").asString()).isEqualTo(group);
        assertThat(ok(GET, "/group/user/" + group, member, null)).hasSize(2);
        assertThat(ok(PUT, "/group/role/" + group + "/" + member, owner, Map.of("role", "admin"))
                .get("uuid").asString()).isEqualTo(group);
        assertThat(ok(POST, "/group/owner/" + group + "/" + member, owner, null).get("uuid").asString())
                .isEqualTo(group);
        assertThat(ok(DELETE, "/group/member/" + group + "/" + owner, member, null).get("members")).hasSize(1);
        assertThat(ok(GET, "/group/" + owner, owner, null)).as("no group was created by those calls").isEmpty();
        assertThat(ok(GET, "/group/" + member, member, null)).hasSize(1);
    }

    private static String roleOf(JsonNode info, String userUuid) {
        for (JsonNode member : info.get("members")) {
            if (member.get("uuid").asString().equals(userUuid)) {
                return member.get("role").asString();
            }
        }
        return null;
    }
}
