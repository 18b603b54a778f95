package im.group.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import im.group.GroupServiceIntegrationTest;
import im.group.api.GroupErrors;
import im.group.api.JoinGroup;
import im.proto.events.EventEnvelope;
import im.proto.events.group.MemberLeft;
import im.proto.events.group.OwnershipTransferred;
import im.proto.events.user.UserRegistered;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A real {@code UserDeleted} record on im.user.events.v1 takes the account out of every group it is in: through
 * the Group aggregate, so the read models, the legacy routes and im.group.events.v1 all show it.
 */
class AccountDeparturesIT extends GroupServiceIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    CommandGateway commandGateway;

    @Test
    void aDeletedAccountLeavesAllItsGroupsAndAnOwnedGroupGetsANewOwner() throws Exception {
        String gone = knownUser("gone");
        String host = knownUser("host");
        String member = knownUser("member");
        String firstAdmin = knownUser("first-admin");
        String laterAdmin = knownUser("later-admin");

        String joined = createGroup(host, "joined");
        join(gone, joined);
        String owned = createGroup(gone, "owned");
        join(member, owned);
        join(firstAdmin, owned);
        join(laterAdmin, owned);
        ok(PUT, "/group/role/" + owned + "/" + laterAdmin, gone, Map.of("role", "admin"));
        ok(PUT, "/group/role/" + owned + "/" + firstAdmin, gone, Map.of("role", "admin"));
        String alone = createGroup(gone, "alone");

        publishDeleted(gone, 1, usernameFor("gone", gone));
        awaitNoCurrentMembership(gone);

        // the read models
        assertThat(ownerOf(owned)).isEqualTo(firstAdmin);
        assertThat(ownerOf(alone)).as("closed").isNull();
        assertThat(ownerOf(joined)).isEqualTo(host);
        assertThat(ok(GET, "/group/" + gone, gone, null)).isEmpty();
        // the routes, as the remaining members see them
        JsonNode ownedMembers = ok(GET, "/group/user/" + owned, firstAdmin, null);
        assertThat(uuids(ownedMembers)).containsExactly(firstAdmin, laterAdmin, member);
        assertThat(ownedMembers.get(0).get("role").asString()).isEqualTo("owner");
        assertThat(ownedMembers.get(1).get("role").asString()).isEqualTo("admin");
        assertThat(uuids(ok(GET, "/group/user/" + joined, host, null))).containsExactly(host);
        assertThat(refused(POST, "/group/join/" + member + "/" + alone, member, null))
                .isEqualTo(GroupErrors.GROUP_NOT_FOUND);
        // the new owner runs the group (an owner-only change)
        ok(PUT, "/group/role/" + owned + "/" + laterAdmin, firstAdmin, Map.of("role", "member"));

        // what other services see: the usual events, an owner's hand-over first
        List<EventEnvelope> ownedEvents = groupEvents(owned, 9);
        assertThat(ownedEvents.subList(6, 9)).extracting(EventEnvelope::getEventType).containsExactly(
                "im.group.OwnershipTransferred", "im.group.MemberLeft", "im.group.MemberRoleChanged");
        OwnershipTransferred handOver = ownedEvents.get(6).getPayload().unpack(OwnershipTransferred.class);
        assertThat(handOver.getPreviousOwnerUuid()).isEqualTo(gone);
        assertThat(handOver.getNewOwnerUuid()).isEqualTo(firstAdmin);
        assertThat(handOver.getNewOwnerRole()).isEqualTo("owner");
        MemberLeft ownerLeft = ownedEvents.get(7).getPayload().unpack(MemberLeft.class);
        assertThat(ownerLeft.getUserUuid()).isEqualTo(gone);
        assertThat(ownerLeft.getGroupClosed()).isFalse();

        MemberLeft lastLeft = groupEvents(alone, 2).get(1).getPayload().unpack(MemberLeft.class);
        assertThat(lastLeft.getUserUuid()).isEqualTo(gone);
        assertThat(lastLeft.getGroupClosed()).isTrue();

        EventEnvelope memberLeft = groupEvents(joined, 3).get(2);
        assertThat(memberLeft.getEventType()).isEqualTo("im.group.MemberLeft");
        assertThat(memberLeft.getPayload().unpack(MemberLeft.class).getUserUuid()).isEqualTo(gone);

        // the deleted account can no longer create or join
        assertThat(refused(POST, "/group/" + gone, gone, Map.of("name", "again")))
                .isEqualTo(GroupErrors.USER_NOT_FOUND);
        assertThat(refused(POST, "/group/join/" + gone + "/" + joined, gone, null))
                .isEqualTo(GroupErrors.USER_NOT_FOUND);
    }

    @Test
    void aRedeliveredDeletionChangesNothing() {
        String gone = knownUser("twice");
        String owner = knownUser("stays");
        String group = createGroup(owner, "once");
        join(gone, group);
        publishDeleted(gone, 1, "twice");
        awaitNoCurrentMembership(gone);
        awaitEventCount(group, 3);
        long triggers = accountDeletedTriggers();

        publishDeleted(gone, 1, "twice");
        publishDeleted(gone, 2, "twice");
        // a stale registration must not bring the account back either
        publishRegistered(gone, "twice-again");
        awaitMarkerAfter(gone);

        assertThat(accountDeletedTriggers()).isEqualTo(triggers);
        assertThat(eventCount(group)).isEqualTo(3);
        assertThat(refused(POST, "/group/join/" + gone + "/" + group, gone, null))
                .isEqualTo(GroupErrors.USER_NOT_FOUND);
    }

    @Test
    void memberListsNeverShowADeletedAccountAndItsDepartureWaitsForTheProcessor() {
        String gone = knownUser("pending");
        String owner = knownUser("watcher");
        String group = createGroup(owner, "watched");
        join(gone, group);
        StreamingEventProcessor departures = processing
                .eventProcessor(AccountDepartures.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
        departures.shutDown();
        try {
            publishDeleted(gone, 1, "pending");
            await().atMost(Duration.ofSeconds(20)).until(() -> isDeleted(gone));

            assertThat(currentMemberships(gone)).as("not left yet").isEqualTo(1);
            assertThat(uuids(ok(GET, "/group/user/" + group, owner, null))).containsExactly(owner);
            assertThat(uuids(ok(GET, "/group/info/" + group, owner, null).get("members"))).containsExactly(owner);
            assertThat(refused(POST, "/group/owner/" + group + "/" + gone, owner, null))
                    .isEqualTo(GroupErrors.USER_NOT_FOUND);
        } finally {
            departures.start();
        }
        awaitNoCurrentMembership(gone);
        awaitEventCount(group, 3);
    }

    @Test
    void aJoinThatRacedTheDeletionIsUndone() {
        String gone = knownUser("racer");
        String owner = knownUser("raced");
        String group = createGroup(owner, "race");
        publishDeleted(gone, 1, "racer");
        await().atMost(Duration.ofSeconds(20)).until(() -> isDeleted(gone));

        // the web layer's check passed just before the deletion arrived; the command lands after it
        commandGateway.sendAndWait(new JoinGroup(group, gone, MAX_MEMBERS));

        awaitEventCount(group, 3);
        awaitNoCurrentMembership(gone);
        assertThat(uuids(ok(GET, "/group/user/" + group, owner, null))).containsExactly(owner);
    }

    @Test
    void aGroupThatCannotBeLeftIsSkippedAndTheOthersGoOn() {
        String gone = knownUser("stuck");
        String owner = knownUser("fine");
        String group = createGroup(owner, "fine");
        join(gone, group);
        // a membership the event store knows nothing about: its command fails with "no such aggregate". An explicit
        // id takes nothing from the id sequence, so a later replay (ReadModelReplayIT) still hands out the same ids.
        String phantom = "[grp]00000000-0000-4000-8000-" + gone.substring(gone.length() - 12);
        jdbc.sql("""
                        INSERT INTO memberships (id, group_uuid, user_uuid, role, joined_at)
                        VALUES ((SELECT -1 - count(*) FROM memberships WHERE id < 0), :g, :u, 'member', now())""")
                .param("g", phantom).param("u", gone).update();
        try {
            publishDeleted(gone, 1, "stuck");
            await().atMost(Duration.ofSeconds(20)).until(() -> eventCount(group) == 3);
            assertThat(uuids(ok(GET, "/group/user/" + group, owner, null))).containsExactly(owner);

            // the processor is not stuck on the phantom: the next deletion goes through
            String next = knownUser("next");
            join(next, group);
            publishDeleted(next, 1, "next");
            awaitNoCurrentMembership(next);
            awaitEventCount(group, 5);
        } finally {
            jdbc.sql("DELETE FROM memberships WHERE group_uuid = :g").param("g", phantom).update();
        }
    }

    // ---- helpers ----

    private static List<String> uuids(JsonNode members) {
        return members.valueStream().map(member -> member.get("uuid").asString()).toList();
    }

    private String ownerOf(String group) {
        return jdbc.sql("SELECT owner_uuid FROM groups WHERE uuid = :g").param("g", group).query(String.class)
                .list().get(0);
    }

    private boolean isDeleted(String user) {
        return jdbc.sql("SELECT count(*) FROM known_users WHERE uuid = :u AND deleted_at IS NOT NULL")
                .param("u", user).query(Long.class).single() == 1;
    }

    private long currentMemberships(String user) {
        return jdbc.sql("SELECT count(*) FROM memberships WHERE user_uuid = :u AND left_at IS NULL")
                .param("u", user).query(Long.class).single();
    }

    private void awaitNoCurrentMembership(String user) {
        await().atMost(Duration.ofSeconds(20)).until(() -> currentMemberships(user) == 0);
    }

    private long eventCount(String group) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :g")
                .param("g", group).query(Long.class).single();
    }

    private void awaitEventCount(String group, long expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> eventCount(group) == expected);
    }

    private long accountDeletedTriggers() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type = 'im.group.api.AccountDeleted'")
                .query(Long.class).single();
    }

    /** Waits until a record published on {@code key} after the previous ones was handled (same partition). */
    private void awaitMarkerAfter(String key) {
        String marker = newUserUuid();
        publishUserEvent(key, 0, UserRegistered.newBuilder().setUuid(marker).setUsername("marker").build(),
                "im.user.UserRegistered");
        awaitKnown(marker);
    }
}
