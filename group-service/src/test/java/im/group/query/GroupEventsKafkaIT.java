package im.group.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import im.group.GroupServiceIntegrationTest;
import im.platform.test.TestInfrastructure;
import im.proto.events.EventEnvelope;
import im.proto.events.group.GroupCreated;
import im.proto.events.group.GroupNoticeChanged;
import im.proto.events.group.GroupRenamed;
import im.proto.events.group.MemberJoined;
import im.proto.events.group.MemberLeft;
import im.proto.events.group.MemberRemoved;
import im.proto.events.group.MemberRoleChanged;
import im.proto.events.group.OwnershipTransferred;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** What another service sees on im.group.events.v1, read with a plain Kafka consumer. */
class GroupEventsKafkaIT extends GroupServiceIntegrationTest {

    private static final String TOPIC = "im.group.events.v1";

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

        List<EventEnvelope> events = consume(group, 9);

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

    /** Reads the topic from the beginning until {@code expected} records keyed by the group have arrived. */
    private static List<EventEnvelope> consume(String groupUuid, int expected) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "group-events-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (groupUuid.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        assertThat(found).as("records for %s", groupUuid).hasSize(expected);
        List<EventEnvelope> envelopes = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : found) {
            envelopes.add(EventEnvelope.parseFrom(record.value()));
        }
        return envelopes;
    }
}
