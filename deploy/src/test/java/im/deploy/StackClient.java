package im.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import im.proto.Message;
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
import java.util.function.Predicate;

/**
 * What the end-to-end tests do as a client of the running stack, the way go-chat-web does it: legacy REST calls
 * through the gateway with the login's token, and binary protobuf frames on {@code /socket.io}.
 */
final class StackClient {

    static final Duration FRAME_TIMEOUT = Duration.ofSeconds(15);
    static final Duration QUIET = Duration.ofMillis(1500);
    static final ObjectMapper JSON = new ObjectMapper();

    record User(String username, String password, String uuid, String token) {
        String cookie() {
            return "im_token=" + token;
        }
    }

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        int code() {
            return json().path("code").asInt();
        }

        JsonNode data() {
            return json().path("data");
        }

        /** Asserts HTTP 200 and legacy code 0, and answers {@code data}. */
        JsonNode ok() {
            assertThat(status).as(body).isEqualTo(200);
            assertThat(code()).as(body).isZero();
            return data();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final LocalStack stack;
    private final int gatewayPort;

    StackClient(LocalStack stack) {
        this(stack, stack.gatewayPort());
    }

    /** A client of one particular gateway instance of a stack with several ({@link LocalStack#gatewayPort(int)}). */
    StackClient(LocalStack stack, int gatewayPort) {
        this.stack = stack;
        this.gatewayPort = gatewayPort;
    }

    HttpClient http() {
        return http;
    }

    String base() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    // ------------------------------------------------------------------------------------------------ accounts

    static String uniqueName(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    User registerAndLogIn(String name) throws Exception {
        String username = uniqueName(name);
        String password = "pw-" + UUID.randomUUID();
        Reply registered = post("/user/register", Map.of("username", username, "password", password,
                "email", username + "@example.com", "nickname", name), null);
        registered.ok();
        assertThat(registered.body()).doesNotContain(password);
        return logIn(username, password);
    }

    User logIn(String username, String password) throws Exception {
        Reply login = post("/user/login", Map.of("username", username, "password", password), null);
        JsonNode data = login.ok();
        assertThat(data.path("username").asText()).isEqualTo(username);
        String uuid = data.path("uuid").asText();
        String token = data.path("token").asText();
        assertThat(uuid).startsWith("[usr]");
        assertThat(token).isNotBlank();
        assertThat(login.raw().headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("im_token=" + token)
                        .containsIgnoringCase("HttpOnly"));
        return new User(username, password, uuid, token);
    }

    // ------------------------------------------------------------------------------------------------ REST

    Reply post(String path, Map<String, ?> body, User caller) throws Exception {
        return send("POST", path, body == null ? null : JSON.writeValueAsString(body), caller);
    }

    Reply put(String path, Map<String, ?> body, User caller) throws Exception {
        return send("PUT", path, body == null ? null : JSON.writeValueAsString(body), caller);
    }

    Reply get(String pathAndQuery, User caller) throws Exception {
        return send("GET", pathAndQuery, null, caller);
    }

    Reply delete(String pathAndQuery, User caller) throws Exception {
        return send("DELETE", pathAndQuery, null, caller);
    }

    Reply send(String method, String pathAndQuery, String jsonBody, User caller) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (caller != null) {
            request.header("Authorization", "Bearer " + caller.token());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response);
    }

    /** Repeats {@code call} every 50 ms until its reply passes {@code done} (or fails after 15 s with the last one). */
    Reply until(ThrowingCall call, Predicate<Reply> done, String what) throws Exception {
        long deadline = System.nanoTime() + FRAME_TIMEOUT.toNanos();
        Reply last = call.call();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = call.call();
        }
        assertThat(done.test(last)).as(what + " (last answer: " + last.body() + ")").isTrue();
        return last;
    }

    interface ThrowingCall {
        Reply call() throws Exception;
    }

    static List<String> texts(JsonNode array, String key) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.path(key).asText()));
        return values;
    }

    // ------------------------------------------------------------------------------------------------ socket

    LegacySocket openWithToken(User user) throws Exception {
        LegacySocket socket = LegacySocket.open(http, URI.create("ws://127.0.0.1:" + gatewayPort
                + "/socket.io?user=" + enc(user.uuid()) + "&token=" + enc(user.token())), null);
        expectWelcome(socket, user);
        return socket;
    }

    /**
     * A socket with extra handshake parameters ({@code docs/protocol.md}), e.g. {@code "v=2&since=12"} or
     * {@code "features=receipts"}; the welcome frame is taken.
     */
    LegacySocket openWith(User user, String parameters) throws Exception {
        LegacySocket socket = LegacySocket.open(http, URI.create("ws://127.0.0.1:" + gatewayPort
                + "/socket.io?user=" + enc(user.uuid()) + "&token=" + enc(user.token()) + "&" + parameters), null);
        expectWelcome(socket, user);
        return socket;
    }

    /** A v2 socket ({@code v=2}: every frame kind, client acknowledgements). */
    LegacySocket openV2(User user) throws Exception {
        return openWith(user, "v=2");
    }

    LegacySocket openWithCookie(User user) throws Exception {
        LegacySocket socket = LegacySocket.open(http, URI.create("ws://127.0.0.1:" + gatewayPort
                + "/socket.io?user=" + enc(user.uuid())), user.cookie());
        expectWelcome(socket, user);
        return socket;
    }

    static void expectWelcome(LegacySocket socket, User user) throws InterruptedException {
        Message welcome = socket.next(FRAME_TIMEOUT);
        assertThat(welcome).as("welcome frame").isNotNull();
        assertThat(welcome.getFrom()).isEqualTo("system");
        assertThat(welcome.getTo()).isEqualTo(user.uuid());
        assertThat(welcome.getContent()).isEqualTo("welcome!");
    }

    static void assertErrorFrame(Message frame, User me) {
        assertThat(frame).as("error frame").isNotNull();
        assertThat(frame.getType()).isEqualTo("error");
        assertThat(frame.getFrom()).isEqualTo("system");
        assertThat(frame.getTo()).isEqualTo(me.uuid());
        assertThat(frame.getContent()).isNotBlank();
    }

    static void assertErrorFrame(Message frame, User me, String errorCode) {
        assertErrorFrame(frame, me);
        assertThat(frame.getErrorCode()).as(frame.getContent()).isEqualTo(errorCode);
    }

    static void closeAll(LegacySocket... sockets) {
        closeAll(List.of(sockets));
    }

    static void closeAll(List<LegacySocket> sockets) {
        for (LegacySocket socket : sockets) {
            assertThat(socket.violations()).as("protocol violations").isEmpty();
            socket.close();
        }
    }

    /** A 1:1 text frame exactly as go-chat-web's {@code sendMessage} builds it. */
    static Message text(User from, User to, String content) {
        return Message.newBuilder()
                .setFrom(from.uuid())
                .setFromUsername(from.username())
                .setTo(to.uuid())
                .setContent(content)
                .setContentType(1)
                .setMessageType(1)
                .build();
    }

    /** A group text frame as go-chat-web builds it when a group chat is open. */
    static Message groupText(User from, String groupUuid, String content) {
        return Message.newBuilder()
                .setFrom(from.uuid())
                .setFromUsername(from.username())
                .setTo(groupUuid)
                .setContent(content)
                .setContentType(1)
                .setMessageType(2)
                .build();
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
