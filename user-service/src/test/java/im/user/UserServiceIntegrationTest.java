package im.user;

import im.platform.test.TestInfrastructure;
import im.platform.web.CallerHeaders;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared set-up of the integration tests: one Spring context (cached across the test classes that extend this),
 * real PostgreSQL and Kafka, and plain HTTP calls with the caller headers set as the gateway would set them.
 * Each test uses fresh usernames, so the tests share the database without meeting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class UserServiceIntegrationTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "user_it");
    }

    @LocalServerPort
    protected int port;

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
}
