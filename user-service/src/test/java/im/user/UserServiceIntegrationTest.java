package im.user;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import im.platform.kafka.ImTopics;
import im.platform.test.TestInfrastructure;
import im.platform.web.CallerHeaders;
import im.proto.events.EventEnvelope;
import im.user.support.GroupServiceStandIn;
import im.user.support.ImportSourcesConfig;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * real PostgreSQL and Kafka, and plain HTTP calls with the caller headers set as the gateway would set them.
 * Each test uses fresh usernames, so the tests share the database without meeting. group-service is played by
 * {@link GroupServiceStandIn} (HTTP) and by publishing group events on the embedded Kafka; BCrypt runs at its
 * lowest cost ({@value #BCRYPT_COST}) to keep the tests fast. The user import's sources are
 * {@link ImportSourcesConfig}'s, and the account named {@link #ADMIN_USERNAME} (once registered) is an admin.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class UserServiceIntegrationTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final int BCRYPT_COST = 4;
    /** Listed in {@code im.user.admin.usernames}: whoever registers it first is an admin (pinned to that account). */
    protected static final String ADMIN_USERNAME = "admin-" + UUID.randomUUID().toString().substring(0, 8);
    /** Listed too, for the takeover tests (its account is renamed away); nobody else uses it. */
    protected static final String PINNED_ADMIN_USERNAME = "pinned-" + UUID.randomUUID().toString().substring(0, 8);
    /** Listed too, and never registered: nobody may create or take it through the import. */
    protected static final String UNHELD_ADMIN_USERNAME = "unheld-" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "user_it");
        registry.add("im.user.bcrypt-cost", () -> BCRYPT_COST);
        registry.add("im.user.group-service-url", () -> GroupServiceStandIn.get().url());
        registry.add("im.user.admin.usernames",
                () -> "someone-else, " + ADMIN_USERNAME + "," + PINNED_ADMIN_USERNAME + "," + UNHELD_ADMIN_USERNAME);
        ImportSourcesConfig.register(registry);
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

    protected static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static JsonNode parse(String body) {
        return JSON.readTree(body);
    }

    /** POST a JSON body; {@code callerUuid} null sends no caller header (public routes). */
    protected ResponseEntity<String> post(String path, String callerUuid, Object body) {
        var request = client().post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .body(body instanceof String raw ? raw : JSON.writeValueAsString(body));
        if (callerUuid != null) {
            request = request.header(CallerHeaders.USER_ID, callerUuid);
        }
        return request.retrieve().toEntity(String.class);
    }

    protected ResponseEntity<String> put(String path, String callerUuid, Object body) {
        return client().put().uri(path).contentType(MediaType.APPLICATION_JSON)
                .header(CallerHeaders.USER_ID, callerUuid)
                .body(JSON.writeValueAsString(body))
                .retrieve().toEntity(String.class);
    }

    /** Any method; {@code body} null sends none. */
    protected ResponseEntity<String> call(HttpMethod method, String path, String callerUuid, Object body,
                                          Object... uriVariables) {
        var request = client().method(method).uri(path, uriVariables);
        if (callerUuid != null) {
            request = request.header(CallerHeaders.USER_ID, callerUuid);
        }
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
        }
        return request.retrieve().toEntity(String.class);
    }

    protected ResponseEntity<String> delete(String path, String callerUuid, Object... uriVariables) {
        return call(HttpMethod.DELETE, path, callerUuid, null, uriVariables);
    }

    protected ResponseEntity<String> get(String path, String callerUuid, Object... uriVariables) {
        var request = client().get().uri(path, uriVariables);
        if (callerUuid != null) {
            request = request.header(CallerHeaders.USER_ID, callerUuid);
        }
        return request.retrieve().toEntity(String.class);
    }

    /** Registers a user and answers the created user object ({@code data}). */
    protected JsonNode register(String username, String password) {
        ResponseEntity<String> response = post("/user/register", null, Map.of(
                "username", username, "password", password, "email", username + "@example.org",
                "nickname", "nick " + username));
        JsonNode body = parse(response.getBody());
        if (body.get("code").asInt() != 0) {
            throw new AssertionError("registration failed: " + response.getBody());
        }
        return body.get("data");
    }

    /** {@code data} of a successful answer; fails on anything else. */
    protected static JsonNode ok(ResponseEntity<String> response) {
        JsonNode body = parse(response.getBody());
        if (response.getStatusCode().value() != 200 || body.get("code").asInt() != 0) {
            throw new AssertionError("expected success: " + response.getStatusCode() + " " + response.getBody());
        }
        return body.get("data");
    }

    /** {@code msg} of a business error (HTTP 200, code -1); fails on anything else. */
    protected static String refused(ResponseEntity<String> response) {
        JsonNode body = parse(response.getBody());
        if (response.getStatusCode().value() != 200 || body.get("code").asInt() != -1) {
            throw new AssertionError("expected a business error: " + response.getStatusCode() + " " + response.getBody());
        }
        return body.get("msg").asString();
    }

    // ---- group-service's events, as it publishes them ----

    protected void publishGroupEvent(String groupUuid, long sequence, com.google.protobuf.Message payload) {
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventType("im.group." + payload.getDescriptorForType().getName())
                .setAggregateId(groupUuid)
                .setAggregateSequence(sequence)
                .setTimestampMs(System.currentTimeMillis())
                .setPayload(Any.pack(payload))
                .build();
        publishRaw(groupUuid, envelope.toByteArray());
    }

    protected void publishRaw(String key, byte[] value) {
        try {
            kafka.send(topics.groupEvents(), key, value).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String newGroupUuid() {
        return "[grp]" + UUID.randomUUID();
    }

    /** Waits until the group's event at {@code sequence} reached user-service's known groups. */
    protected void awaitGroupSequence(String groupUuid, long sequence) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM known_groups WHERE uuid = :g AND last_sequence >= :s")
                .param("g", groupUuid).param("s", sequence).query(Long.class).single() == 1);
    }
}
