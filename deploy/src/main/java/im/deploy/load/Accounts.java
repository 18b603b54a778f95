package im.deploy.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Users for a load run, made through the public REST API like any client: register, log in (token), add contacts,
 * create and join groups. Registration is parallel; the stack should run with a low BCrypt cost and a raised auth
 * rate limit for large runs (see docs/performance.md).
 */
final class Accounts {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A logged-in user. */
    record User(String username, String uuid, String token) {
    }

    private final HttpClient http;
    private final String base;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    Accounts(HttpClient http, String base) {
        this.http = http;
        this.base = base;
    }

    List<User> create(String prefix, int count, int parallelism) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<User>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String username = prefix + "-" + runId + "-" + i;
                futures.add(pool.submit(() -> registerAndLogIn(username)));
            }
            List<User> users = new ArrayList<>();
            for (Future<User> future : futures) {
                users.add(future.get());
            }
            return users;
        } finally {
            pool.shutdownNow();
        }
    }

    User registerAndLogIn(String username) throws Exception {
        String password = "load-" + runId;
        ok(post("/user/register", Map.of("username", username, "password", password, "nickname", username,
                "email", username + "@load.example"), null));
        JsonNode login = ok(post("/user/login", Map.of("username", username, "password", password), null));
        return new User(username, login.path("uuid").asText(), login.path("token").asText());
    }

    void befriend(User a, User b) throws Exception {
        ok(post("/friend", Map.of("uuid", a.uuid(), "friendUsername", b.username()), a));
    }

    String createGroup(User owner, String name) throws Exception {
        return ok(post("/group/" + enc(owner.uuid()), Map.of("name", name), owner)).path("uuid").asText();
    }

    void join(User user, String group) throws Exception {
        ok(post("/group/join/" + enc(user.uuid()) + "/" + enc(group), null, user));
    }

    private HttpResponse<String> post(String path, Map<String, ?> body, User caller) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (caller != null) {
            request.header("Authorization", "Bearer " + caller.token());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() != 200 || json.path("code").asInt(-1) != 0) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return json.path("data");
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
