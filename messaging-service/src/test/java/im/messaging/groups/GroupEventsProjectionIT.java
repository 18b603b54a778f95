package im.messaging.groups;

import static org.assertj.core.api.Assertions.assertThat;

import im.messaging.query.groups.GroupEventsCatchUp;
import im.messaging.query.groups.GroupMember;
import im.messaging.query.groups.GroupsRepository;
import im.messaging.query.groups.KnownGroup;
import im.messaging.support.MessagingIntegrationTest;
import im.proto.events.group.GroupNoticeChanged;
import im.proto.events.group.MemberJoined;
import im.proto.events.group.MemberLeft;
import im.proto.events.group.MemberRemoved;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** group-service's events feed known_groups and group_members, idempotently by the group's sequence. */
class GroupEventsProjectionIT extends MessagingIntegrationTest {

    @Autowired
    GroupsRepository groups;

    @Autowired
    GroupEventsCatchUp catchUp;

    @Test
    void afterTheCatchUpEveryEventPublishedBeforeIsApplied() {
        String alice = newUuid();
        String bob = newUuid();
        String group = createdGroup(alice, "crew");
        joined(group, bob);

        // published (sequence 2), then read at once: no polling of the projection
        publishGroupEvent(group, 2, MemberLeft.newBuilder().setGroupUuid(group).setUserUuid(bob)
                .setLeftAtMs(System.currentTimeMillis()).build(), "im.group.MemberLeft");
        boolean caughtUp = catchUp.awaitEventsPublishedBefore(System.currentTimeMillis());

        assertThat(caughtUp).isTrue();
        assertThat(groups.membership(group, bob).orElseThrow().active()).isFalse();
        assertThat(groups.activeMembers(group)).containsExactly(alice);
    }

    @Test
    void aCreatedGroupIsKnownWithItsCreatorAsMember() {
        String alice = newUuid();

        String group = createdGroup(alice, "crew");

        assertThat(groups.find(group)).contains(new KnownGroup(group, "crew", false));
        assertThat(groups.activeMembers(group)).containsExactly(alice);
    }

    @Test
    void aLeaveTimeIsKeptAcrossARejoin() {
        String alice = newUuid();
        String bob = newUuid();
        String group = createdGroup(alice, "crew");
        joined(group, bob);
        Instant leftAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        left(group, bob, leftAt, false);

        joined(group, bob);

        GroupMember member = groups.membership(group, bob).orElseThrow();
        assertThat(member.active()).isTrue();
        assertThat(member.leftAt()).isEqualTo(leftAt);
        assertThat(member.joinedAt()).isAfter(leftAt);
    }

    @Test
    void aRemovedMemberIsInactiveWithTheRemovalTime() {
        String alice = newUuid();
        String bob = newUuid();
        String group = createdGroup(alice, "crew");
        joined(group, bob); // sequence 1
        Instant removedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        publishGroupEvent(group, 2, MemberRemoved.newBuilder().setGroupUuid(group).setUserUuid(bob)
                .setRemovedByUuid(alice).setLeftAtMs(removedAt.toEpochMilli()).build(), "im.group.MemberRemoved");
        awaitMember(group, bob, false);

        assertThat(groups.membership(group, bob).orElseThrow().leftAt()).isEqualTo(removedAt);
        assertThat(groups.activeMembers(group)).containsExactly(alice);
    }

    @Test
    void anOlderOrRepeatedEventIsIgnored() {
        String alice = newUuid();
        String bob = newUuid();
        String carol = newUuid();
        String group = createdGroup(alice, "crew"); // sequence 0
        joined(group, bob); // 1
        left(group, bob, Instant.now(), false); // 2

        // group-service's publisher re-sends the join (at-least-once), after the leave was applied
        publishGroupEvent(group, 1, MemberJoined.newBuilder().setGroupUuid(group).setUserUuid(bob)
                .setRole("member").setJoinedAtMs(System.currentTimeMillis()).build(), "im.group.MemberJoined");
        publishGroupEvent(group, 3, GroupNoticeChanged.newBuilder().setGroupUuid(group).setNotice("n").build(),
                "im.group.GroupNoticeChanged");
        publishGroupEvent(group, 4, MemberJoined.newBuilder().setGroupUuid(group).setUserUuid(carol)
                .setRole("member").setJoinedAtMs(System.currentTimeMillis()).build(), "im.group.MemberJoined");
        awaitMember(group, carol, true); // same key, so everything before it was handled

        assertThat(groups.membership(group, bob).orElseThrow().active()).isFalse();
        assertThat(groups.activeMembers(group)).containsExactlyInAnyOrder(alice, carol);
    }

    @Test
    void anUndecodableRecordIsSkipped() {
        String alice = newUuid();
        String group = newGroupUuid();

        send(topics.groupEvents(), group, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        publishGroupEvent(group, 0, im.proto.events.group.GroupCreated.newBuilder().setGroupUuid(group)
                .setCreatorUuid(alice).setName("after the poison").build(), "im.group.GroupCreated");

        awaitMember(group, alice, true);
        assertThat(groups.find(group).orElseThrow().name()).isEqualTo("after the poison");
    }
}
