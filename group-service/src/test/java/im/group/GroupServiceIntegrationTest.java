package im.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import im.platform.kafka.ImTopics;
import im.platform.test.TestInfrastructure;
import im.platform.test.TestInfrastructure;
import im.platform.web.CallerHeaders;
import im.proto.events.EventEnvelope;
import im.proto.events.user.UserDeleted;
import im.proto.events.user.UserProfileChanged;
import im.proto.events.user.UserRegistered;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared set-up of the integration tests: one Spring context (cached across the test classes that extend this),
 * real PostgreSQL and Kafka, user-service's side played by publishing user events as envelopes, and plain HTTP
 * calls with the caller header set as the gateway would set it. Every test uses fresh users and groups. The
 * member limit is {@value #MAX_MEMBERS} here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GroupServiceIntegrationTest {

    protected static final int MAX_MEMBERS = 4;
    protected static final String GROUP_TOPIC = "im.group.events.v1";
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "group_it");
        registry.add("im.group.max-members", () -> MAX_MEMBERS);
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected KafkaTemplate<String, byte[]> kafka;
    @Autowired
    protected ImTopics topics;
    @Autowired
    protected JdbcClient jdbc;

    protected RestClient client() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
    }

    protected static String newUserUuid() {
        return "[usr]" + UUID.randomUUID();
    }

    protected static JsonNode parse(String body) {
        return JSON.readTree(body);
    }

    // ---- user-service's side ----

    protected void publishUserEvent(String aggregateId, long sequence, com.google.protobuf.Message payload,
                                    String type) {
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventType(type)
                .setAggregateId(aggregateId)
                .setAggregateSequence(sequence)
                .setTimestampMs(System.currentTimeMillis())
                .setPayload(Any.pack(payload))
                .build();
        try {
            kafka.send(topics.userEvents(), aggregateId, envelope.toByteArray()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected void publishRegistered(String uuid, String username) {
        publishUserEvent(uuid, 0, UserRegistered.newBuilder().setUuid(uuid).setUsername(username)
                .setNickname(username + " nick").setAvatar(username + ".png").setEmail(username + "@example.org")
                .build(), "im.user.UserRegistered");
    }

    protected void publishProfileChanged(String uuid, long sequence, String username) {
        publishUserEvent(uuid, sequence, UserProfileChanged.newBuilder().setUuid(uuid).setUsername(username)
                .setNickname(username + " nick").setAvatar(username + ".png").setEmail(username + "@example.org")
                .build(), "im.user.UserProfileChanged");
    }

    protected void publishDeleted(String uuid, long sequence, String username) {
        publishUserEvent(uuid, sequence, UserDeleted.newBuilder().setUuid(uuid).setUsername(username)
                .setDeletedAtMs(System.currentTimeMillis()).build(), "im.user.UserDeleted");
    }

    /** A user registered with user-service and known to group-service. */
    protected String knownUser(String prefix) {
        String uuid = newUserUuid();
        publishRegistered(uuid, usernameFor(prefix, uuid));
        awaitKnown(uuid);
        return uuid;
    }

    protected static String usernameFor(String prefix, String uuid) {
        return prefix + "-" + uuid.substring(5, 13);
    }

    protected void awaitKnown(String uuid) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM known_users WHERE uuid = :u")
                .param("u", uuid).query(Long.class).single() == 1);
    }

    // ---- HTTP as the gateway forwards it ----

    protected ResponseEntity<String> call(HttpMethod method, String path, String callerUuid, Object body) {
        var request = client().method(method).uri(path);
        if (callerUuid != null) {
            request = request.header(CallerHeaders.USER_ID, callerUuid);
        }
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
        }
        return request.retrieve().toEntity(String.class);
    }

    /** Calls a route and answers the envelope. */
    protected JsonNode envelope(HttpMethod method, String path, String callerUuid, Object body) {
        ResponseEntity<String> response = call(method, path, callerUuid, body);
        assertThat(response.getStatusCode().value()).as("%s %s: %s", method, path, response.getBody()).isEqualTo(200);
        return parse(response.getBody());
    }

    /** Calls a route that must succeed and answers {@code data}. */
    protected JsonNode ok(HttpMethod method, String path, String callerUuid, Object body) {
        JsonNode envelope = envelope(method, path, callerUuid, body);
        assertThat(envelope.get("code").asInt()).as("%s %s: %s", method, path, envelope).isZero();
        return envelope.get("data");
    }

    /** Calls a route that must be refused as a business error and answers {@code msg}. */
    protected String refused(HttpMethod method, String path, String callerUuid, Object body) {
        JsonNode envelope = envelope(method, path, callerUuid, body);
        assertThat(envelope.get("code").asInt()).as("%s %s: %s", method, path, envelope).isEqualTo(-1);
        return envelope.get("msg").asString();
    }

    protected int status(HttpMethod method, String path, String callerUuid, Object body) {
        return call(method, path, callerUuid, body).getStatusCode().value();
    }

    /** Creates a group and answers its uuid. */
    protected String createGroup(String ownerUuid, String name) {
        return ok(HttpMethod.POST, "/group/" + ownerUuid, ownerUuid, Map.of("name", name)).get("uuid").asString();
    }

    protected void join(String userUuid, String groupUuid) {
        ok(HttpMethod.POST, "/group/join/" + userUuid + "/" + groupUuid, userUuid, null);
    }

    // ---- what other services see ----

    /** Reads the topic from the beginning until {@code expected} records keyed by the group have arrived. */
    protected static List<EventEnvelope> groupEvents(String groupUuid, int expected) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "group-events-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(GROUP_TOPIC, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(GROUP_TOPIC, info.partition())).toList();
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
