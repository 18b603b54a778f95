package im.user.query;

import static org.assertj.core.api.Assertions.assertThat;

import im.proto.events.group.GroupCreated;
import im.proto.events.group.GroupRenamed;
import im.proto.events.group.MemberJoined;
import im.proto.events.group.MemberLeft;
import im.proto.events.group.MemberRemoved;
import im.proto.events.group.MemberRoleChanged;
import im.user.UserServiceIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * group-service's events on the embedded Kafka feed the known groups (consumer group user-groups), which the group
 * half of search and of the chat list read.
 */
class KnownGroupsIT extends UserServiceIntegrationTest {

    @Test
    void aCreatedGroupIsFoundByItsExactNameAndListedForItsMembersAfterTheirContacts() {
        String owner = register(uniqueName("shanks"), "secret-pw").get("uuid").asString();
        JsonNode member = register(uniqueName("yasopp"), "secret-pw");
        String memberUuid = member.get("uuid").asString();
        String friend = register(uniqueName("benn"), "secret-pw").get("uuid").asString();
        post("/friend", memberUuid, Map.of("uuid", memberUuid, "friendUsername", username(friend)));
        String name = uniqueName("Red Hair Pirates");
        String group = newGroupUuid();

        publishGroupEvent(group, 0, created(group, owner, name));
        publishGroupEvent(group, 1, joined(group, memberUuid));
        awaitGroupSequence(group, 1);

        JsonNode found = ok(get("/user/name?name={n}", friend, name)).get("group");
        assertThat(found.toString()).isEqualTo("{\"uuid\":\"" + group + "\",\"name\":\"" + name + "\"}");
        assertThat(ok(get("/user/name?name={n}", friend, name.toLowerCase())).get("group").get("uuid").asString())
                .as("exact, case-sensitive").isEmpty();
        JsonNode chats = ok(get("/interact?uuid={u}", memberUuid, memberUuid));
        assertThat(uuids(chats)).containsExactly(friend, group);
        assertThat(chats.get(1).get("Name").asString()).isEqualTo(name);
        assertThat(chats.get(1).get("username").asString()).isEmpty();
        assertThat(uuids(ok(get("/interact?uuid={u}", owner, owner)))).containsExactly(group);
    }

    @Test
    void groupsAreListedInTheOrderJoinedAndLeavingOrBeingRemovedTakesThemOff() {
        String me = register(uniqueName("koby"), "secret-pw").get("uuid").asString();
        String owner = "[usr]" + UUID.randomUUID();
        String first = newGroupUuid();
        String second = newGroupUuid();
        String third = newGroupUuid();
        publishGroupEvent(first, 0, created(first, owner, uniqueName("marines")));
        publishGroupEvent(second, 0, created(second, owner, uniqueName("g5")));
        publishGroupEvent(third, 0, created(third, owner, uniqueName("sword")));
        publishGroupEvent(second, 1, joined(second, me, System.currentTimeMillis() - 3000));
        publishGroupEvent(first, 1, joined(first, me, System.currentTimeMillis() - 2000));
        publishGroupEvent(third, 1, joined(third, me, System.currentTimeMillis() - 1000));
        awaitGroupSequence(first, 1);
        awaitGroupSequence(second, 1);
        awaitGroupSequence(third, 1);
        assertThat(uuids(ok(get("/interact?uuid={u}", me, me)))).containsExactly(second, first, third);

        publishGroupEvent(second, 2, MemberLeft.newBuilder().setGroupUuid(second).setUserUuid(me)
                .setLeftAtMs(System.currentTimeMillis()).build());
        publishGroupEvent(third, 2, MemberRemoved.newBuilder().setGroupUuid(third).setUserUuid(me)
                .setRemovedByUuid(owner).setLeftAtMs(System.currentTimeMillis()).build());
        awaitGroupSequence(second, 2);
        awaitGroupSequence(third, 2);

        assertThat(uuids(ok(get("/interact?uuid={u}", me, me)))).containsExactly(first);
    }

    @Test
    void aClosedGroupIsNotFoundAndTheNextOpenOneOfThatNameIs() {
        String viewer = register(uniqueName("helmeppo"), "secret-pw").get("uuid").asString();
        String owner = "[usr]" + UUID.randomUUID();
        String name = uniqueName("baratie");
        String older = newGroupUuid();
        publishGroupEvent(older, 0, created(older, owner, name));
        awaitGroupSequence(older, 0);
        String newer = newGroupUuid();
        publishGroupEvent(newer, 0, created(newer, owner, name));
        awaitGroupSequence(newer, 0);
        assertThat(groupFound(viewer, name)).as("the oldest open one").isEqualTo(older);

        publishGroupEvent(older, 1, MemberLeft.newBuilder().setGroupUuid(older).setUserUuid(owner)
                .setLeftAtMs(System.currentTimeMillis()).setGroupClosed(true).build());
        awaitGroupSequence(older, 1);
        assertThat(groupFound(viewer, name)).isEqualTo(newer);

        publishGroupEvent(newer, 1, MemberLeft.newBuilder().setGroupUuid(newer).setUserUuid(owner)
                .setLeftAtMs(System.currentTimeMillis()).setGroupClosed(true).build());
        awaitGroupSequence(newer, 1);
        JsonNode miss = ok(get("/user/name?name={n}", viewer, name)).get("group");
        assertThat(miss.toString()).isEqualTo("{\"uuid\":\"\",\"name\":\"\"}");
    }

    @Test
    void aRenameIsFollowedAndOlderOrRepeatedEventsChangeNothing() {
        String viewer = register(uniqueName("tashigi"), "secret-pw").get("uuid").asString();
        String member = register(uniqueName("smoker"), "secret-pw").get("uuid").asString();
        String owner = "[usr]" + UUID.randomUUID();
        String oldName = uniqueName("g5-old");
        String newName = uniqueName("g5-new");
        String group = newGroupUuid();
        publishGroupEvent(group, 0, created(group, owner, oldName));
        publishGroupEvent(group, 1, joined(group, member));
        publishGroupEvent(group, 2, GroupRenamed.newBuilder().setGroupUuid(group).setName(newName)
                .setChangedByUuid(owner).build());
        publishGroupEvent(group, 3, MemberLeft.newBuilder().setGroupUuid(group).setUserUuid(member)
                .setLeftAtMs(System.currentTimeMillis()).build());
        // redelivered and late events: a duplicate creation and a stale join
        publishGroupEvent(group, 0, created(group, owner, oldName));
        publishGroupEvent(group, 1, joined(group, member));
        publishGroupEvent(group, 4, MemberRoleChanged.newBuilder().setGroupUuid(group).setUserUuid(owner)
                .setRole("admin").build());
        awaitGroupSequence(group, 4);

        assertThat(groupFound(viewer, newName)).isEqualTo(group);
        assertThat(groupFound(viewer, oldName)).isEmpty();
        assertThat(ok(get("/interact?uuid={u}", member, member))).as("the stale join did not bring it back").isEmpty();
    }

    @Test
    void undecodableRecordsAndUnknownTypesAreSkipped() {
        String viewer = register(uniqueName("garp"), "secret-pw").get("uuid").asString();
        publishRaw("[grp]garbage", new byte[] {1, 2, 3, 4});
        publishGroupEvent(newGroupUuid(), 0, im.proto.events.user.UserRegistered.newBuilder().setUuid("x").build());
        String name = uniqueName("after-garbage");
        String group = newGroupUuid();
        publishGroupEvent(group, 0, created(group, "[usr]" + UUID.randomUUID(), name));
        awaitGroupSequence(group, 0);

        assertThat(groupFound(viewer, name)).isEqualTo(group);
        assertThat(jdbc.sql("SELECT count(*) FROM known_groups WHERE uuid = '[grp]garbage'").query(Long.class).single())
                .isZero();
    }

    // ---- helpers ----

    private static GroupCreated created(String group, String creator, String name) {
        return GroupCreated.newBuilder().setGroupUuid(group).setCreatorUuid(creator).setName(name).setNotice("")
                .setCreatedAtMs(System.currentTimeMillis()).setRole("owner").build();
    }

    private static MemberJoined joined(String group, String user) {
        return joined(group, user, System.currentTimeMillis());
    }

    private static MemberJoined joined(String group, String user, long atMs) {
        return MemberJoined.newBuilder().setGroupUuid(group).setUserUuid(user).setRole("member").setJoinedAtMs(atMs)
                .build();
    }

    private String groupFound(String viewer, String name) {
        return ok(get("/user/name?name={n}", viewer, name)).get("group").get("uuid").asString();
    }

    private String username(String uuid) {
        return ok(get("/user/{u}", uuid, uuid)).get("username").asString();
    }

    private static List<String> uuids(JsonNode list) {
        return list.valueStream().map(item -> item.get("uuid").asString()).toList();
    }
}
