package im.group.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import im.group.GroupServiceIntegrationTest;
import im.proto.events.EventEnvelope;
import im.proto.events.group.GroupCreated;
import im.proto.events.group.GroupNoticeChanged;
import im.proto.events.group.GroupRenamed;
import im.proto.events.group.MemberJoined;
import im.proto.events.group.MemberLeft;
import im.proto.events.group.MemberRemoved;
import im.proto.events.group.MemberRoleChanged;
import im.proto.events.group.OwnershipTransferred;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What another service sees on im.group.events.v1, read with a plain Kafka consumer. */
class GroupEventsKafkaIT extends GroupServiceIntegrationTest {

    @Test
    void everyGroupEventIsPublishedInOrderWithItsPayload() throws Exception {
        long before = System.currentTimeMillis();
        String owner = knownUser("oden");
        String a = knownUser("kinemon");
        String b = knownUser("denjiro");
        String group = createGroup(owner, "scabbards");
        join(a, group);
        join(b, group);
        ok(PUT, "/group/info/" + group, owner, Map.of("name", "red scabbards", "notice", "wano"));
        ok(PUT, "/group/role/" + group + "/" + a, owner, Map.of("role", "admin"));
        ok(DELETE, "/group/member/" + group + "/" + b, a, null);
        ok(POST, "/group/owner/" + group + "/" + a, owner, null);
        ok(DELETE, "/group/leave/" + owner + "/" + group, owner, null);

        List<EventEnvelope> events = groupEvents(group, 9);

        assertThat(events).extracting(EventEnvelope::getEventType).containsExactly(
                "im.group.GroupCreated", "im.group.MemberJoined", "im.group.MemberJoined", "im.group.GroupRenamed",
                "im.group.GroupNoticeChanged", "im.group.MemberRoleChanged", "im.group.MemberRemoved",
                "im.group.OwnershipTransferred", "im.group.MemberLeft");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).getAggregateId()).isEqualTo(group);
            assertThat(events.get(i).getAggregateSequence()).isEqualTo(i);
            assertThat(events.get(i).getEventId()).isNotEmpty();
        }
        GroupCreated created = events.get(0).getPayload().unpack(GroupCreated.class);
        assertThat(created.getGroupUuid()).isEqualTo(group);
        assertThat(created.getCreatorUuid()).isEqualTo(owner);
        assertThat(created.getName()).isEqualTo("scabbards");
        assertThat(created.getRole()).isEqualTo("owner");
        assertThat(created.getCreatedAtMs()).isBetween(before, System.currentTimeMillis());

        MemberJoined joined = events.get(1).getPayload().unpack(MemberJoined.class);
        assertThat(joined.getGroupUuid()).isEqualTo(group);
        assertThat(joined.getUserUuid()).isEqualTo(a);
        assertThat(joined.getRole()).isEqualTo("member");
        assertThat(joined.getJoinedAtMs()).isEqualTo(events.get(1).getTimestampMs());

        GroupRenamed renamed = events.get(3).getPayload().unpack(GroupRenamed.class);
        assertThat(renamed.getName()).isEqualTo("red scabbards");
        assertThat(renamed.getChangedByUuid()).isEqualTo(owner);
        assertThat(events.get(4).getPayload().unpack(GroupNoticeChanged.class).getNotice()).isEqualTo("wano");

        MemberRoleChanged role = events.get(5).getPayload().unpack(MemberRoleChanged.class);
        assertThat(role.getUserUuid()).isEqualTo(a);
        assertThat(role.getRole()).isEqualTo("admin");

        MemberRemoved removed = events.get(6).getPayload().unpack(MemberRemoved.class);
        assertThat(removed.getGroupUuid()).isEqualTo(group);
        assertThat(removed.getUserUuid()).isEqualTo(b);
        assertThat(removed.getRemovedByUuid()).isEqualTo(a);
        assertThat(removed.getLeftAtMs()).isEqualTo(events.get(6).getTimestampMs());

        OwnershipTransferred transferred = events.get(7).getPayload().unpack(OwnershipTransferred.class);
        assertThat(transferred.getPreviousOwnerUuid()).isEqualTo(owner);
        assertThat(transferred.getPreviousOwnerRole()).isEqualTo("admin");
        assertThat(transferred.getNewOwnerUuid()).isEqualTo(a);
        assertThat(transferred.getNewOwnerRole()).isEqualTo("owner");

        MemberLeft left = events.get(8).getPayload().unpack(MemberLeft.class);
        assertThat(left.getUserUuid()).isEqualTo(owner);
        assertThat(left.getGroupClosed()).isFalse();
        assertThat(left.getLeftAtMs()).isEqualTo(events.get(8).getTimestampMs());
    }
}
