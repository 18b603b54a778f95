package im.user.query;

import static org.assertj.core.api.Assertions.assertThat;

import im.platform.test.TestInfrastructure;
import im.proto.events.EventEnvelope;
import im.proto.events.user.ContactAdded;
import im.proto.events.user.ContactLeft;
import im.proto.events.user.UserDeleted;
import im.proto.events.user.UserProfileChanged;
import im.proto.events.user.UserRegistered;
import im.user.UserServiceIntegrationTest;
import im.user.api.ContactIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import tools.jackson.databind.JsonNode;

/** What another service sees on im.user.events.v1, read with a plain Kafka consumer. */
class UserEventsKafkaIT extends UserServiceIntegrationTest {

    private static final String TOPIC = "im.user.events.v1";


    @Test
    void registrationRenameAndContactArePublishedAsEnvelopesWithoutThePasswordHash() throws Exception {
        JsonNode luffy = register(uniqueName("luffy"), "secret-pw");
        JsonNode zoro = register(uniqueName("zoro"), "secret-pw");
        String luffyUuid = luffy.get("uuid").asString();
        String zoroUuid = zoro.get("uuid").asString();
        String renamed = uniqueName("monkey");
        put("/user/" + luffyUuid, luffyUuid,
                Map.of("username", renamed, "password", "new-secret", "oldPassword", "secret-pw"));
        post("/friend", luffyUuid, Map.of("uuid", luffyUuid, "friendUsername", zoro.get("username").asString()));
        String pair = ContactIds.of(luffyUuid, zoroUuid);
        List<String> hashes = jdbc.sql("SELECT password_hash FROM user_directory WHERE uuid IN (:a, :b)")
                .param("a", luffyUuid).param("b", zoroUuid).query(String.class).list();

        List<ConsumerRecord<String, byte[]>> records = consumeUntil(luffyUuid, pair, 3);

        EventEnvelope registered = envelope(records, luffyUuid, "im.user.UserRegistered");
        assertThat(registered.getAggregateSequence()).isZero();
        assertThat(registered.getEventId()).isNotEmpty();
        assertThat(registered.getTimestampMs()).isPositive();
        UserRegistered registeredPayload = registered.getPayload().unpack(UserRegistered.class);
        assertThat(registeredPayload.getUuid()).isEqualTo(luffyUuid);
        assertThat(registeredPayload.getUsername()).isEqualTo(luffy.get("username").asString());
        assertThat(registeredPayload.getNickname()).isEqualTo(luffy.get("nickname").asString());
        assertThat(registeredPayload.getEmail()).isEqualTo(luffy.get("email").asString());

        EventEnvelope changed = envelope(records, luffyUuid, "im.user.UserProfileChanged");
        assertThat(changed.getAggregateSequence()).isEqualTo(1);
        UserProfileChanged changedPayload = changed.getPayload().unpack(UserProfileChanged.class);
        assertThat(changedPayload.getUsername()).isEqualTo(renamed);
        assertThat(changedPayload.getNickname()).isEqualTo(luffy.get("nickname").asString());

        EventEnvelope contact = envelope(records, pair, "im.user.ContactAdded");
        ContactAdded contactPayload = contact.getPayload().unpack(ContactAdded.class);
        assertThat(contactPayload.getContactId()).isEqualTo(pair);
        assertThat(contactPayload.getUserUuid()).isEqualTo(luffyUuid);
        assertThat(contactPayload.getContactUuid()).isEqualTo(zoroUuid);

        assertThat(hashes).hasSize(2);
        for (ConsumerRecord<String, byte[]> record : records) {
            String raw = new String(record.value(), StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain("$2a$").doesNotContain("secret-pw").doesNotContain("new-secret");
            for (String hash : hashes) {
                assertThat(raw).doesNotContain(hash);
            }
        }
    }

    @Test
    void leavingAChatAndDeletingTheAccountArePublished() throws Exception {
        JsonNode robin = register(uniqueName("robin"), "secret-pw");
        JsonNode franky = register(uniqueName("franky"), "secret-pw");
        String robinUuid = robin.get("uuid").asString();
        String frankyUuid = franky.get("uuid").asString();
        post("/friend", robinUuid, Map.of("uuid", robinUuid, "friendUsername", franky.get("username").asString()));
        delete("/interact?Uuid={u}&InteractWith={w}", robinUuid, robinUuid, franky.get("username").asString());
        JsonNode deleted = ok(delete("/user/{u}", robinUuid, robinUuid));
        String pair = ContactIds.of(robinUuid, frankyUuid);
        String hash = jdbc.sql("SELECT password_hash FROM user_directory WHERE uuid = ?").param(robinUuid)
                .query(String.class).single();

        // robin: registered, deleted; the pair: added, left
        List<ConsumerRecord<String, byte[]>> records = consumeUntil(robinUuid, pair, 4);

        EventEnvelope left = envelope(records, pair, "im.user.ContactLeft");
        ContactLeft leftPayload = left.getPayload().unpack(ContactLeft.class);
        assertThat(leftPayload.getContactId()).isEqualTo(pair);
        assertThat(leftPayload.getUserUuid()).isEqualTo(robinUuid);
        assertThat(leftPayload.getContactUuid()).isEqualTo(frankyUuid);
        assertThat(leftPayload.getLeftAtMs()).isPositive().isLessThanOrEqualTo(left.getTimestampMs());
        assertThat(left.getAggregateSequence()).isEqualTo(1);

        EventEnvelope gone = envelope(records, robinUuid, "im.user.UserDeleted");
        UserDeleted gonePayload = gone.getPayload().unpack(UserDeleted.class);
        assertThat(gonePayload.getUuid()).isEqualTo(robinUuid);
        assertThat(gonePayload.getUsername()).isEqualTo(robin.get("username").asString());
        assertThat(gonePayload.getDeletedAtMs())
                .isEqualTo(Instant.parse(deleted.get("deletedAt").asString()).toEpochMilli());
        assertThat(gone.getAggregateSequence()).isEqualTo(1);
        for (ConsumerRecord<String, byte[]> record : records) {
            String raw = new String(record.value(), StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain("$2a$").doesNotContain(hash).doesNotContain("secret-pw");
        }
    }

    private static EventEnvelope envelope(List<ConsumerRecord<String, byte[]>> records, String key, String type)
            throws Exception {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (key.equals(record.key())) {
                EventEnvelope envelope = EventEnvelope.parseFrom(record.value());
                if (type.equals(envelope.getEventType())) {
                    assertThat(envelope.getAggregateId()).isEqualTo(key);
                    return envelope;
                }
            }
        }
        throw new AssertionError("no " + type + " for " + key);
    }

    /** Reads the topic from the beginning until {@code expected} records with the two keys have arrived. */
    private static List<ConsumerRecord<String, byte[]>> consumeUntil(String userKey, String pairKey, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "user-events-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            assertThat(partitions).as("declared with im.kafka.partitions").hasSize(8);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (userKey.equals(record.key()) || pairKey.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        assertThat(found).as("records for %s and %s", userKey, pairKey).hasSize(expected);
        return found;
    }
}
