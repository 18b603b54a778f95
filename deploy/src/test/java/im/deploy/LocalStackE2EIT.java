package im.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import im.proto.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole stack, started the way the README says ({@code java -jar target/im-launcher.jar}, here on free ports with
 * a throw-away data directory), driven like go-chat-web: legacy REST calls through the gateway and binary protobuf
 * frames on {@code /socket.io}. The tests run in order and build on each other (two users, their contact, their
 * conversation); the last one stops the launcher and checks that nothing is left running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackE2EIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX_HTML = "<!doctype html><title>e2e frontend</title><p>e2e-index-marker</p>";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final StringBuffer launcherOutput = new StringBuffer();
    private final CountDownLatch outputSettled = new CountDownLatch(1);
    private volatile boolean sawReadyLine;
    private boolean stoppedCleanly;
    private Path dataDirectory;
    private Process launcher;
    private Thread reader;
    private int gatewayPort;
    private String base;

    private User alice;
    private User bob;
    /** Every text exchanged between alice and bob, in the order it was sent: what history must return. */
    private final List<String> conversation = new ArrayList<>();

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
    }

    // ------------------------------------------------------------------------------------------------ stack

    @BeforeAll
    void startTheStackLikeTheReadme() throws Exception {
        Path launcherJar = Path.of("target", "im-launcher.jar").toAbsolutePath();
        // the repository root, as in the README; -Dim.e2e.services-dir=<copy> runs against a snapshot of the jars
        Path repositoryRoot = Path.of(System.getProperty("im.e2e.services-dir",
                Path.of("").toAbsolutePath().getParent().toString()));
        assertThat(launcherJar).as("run after 'package'").isRegularFile();

        dataDirectory = Files.createTempDirectory("im-e2e-data");
        Path webRoot = Files.createTempDirectory("im-e2e-web");
        Files.writeString(webRoot.resolve("index.html"), INDEX_HTML);
        int[] ports = freePorts(7);
        gatewayPort = ports[0];
        base = "http://127.0.0.1:" + gatewayPort;

        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", launcherJar.toString())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("IM_DATA_DIR", dataDirectory.toString());
        env.put("IM_SERVICES_DIR", repositoryRoot.toString());
        env.put("IM_WEB_ROOT", webRoot.toString());
        env.put("GATEWAY_PORT", String.valueOf(ports[0]));
        env.put("USER_SERVICE_PORT", String.valueOf(ports[1]));
        env.put("GROUP_SERVICE_PORT", String.valueOf(ports[2]));
        env.put("MESSAGING_SERVICE_PORT", String.valueOf(ports[3]));
        env.put("MEDIA_SERVICE_PORT", String.valueOf(ports[4]));
        env.put("IM_PG_PORT", String.valueOf(ports[5]));
        env.put("IM_READY_TIMEOUT", "220");
        env.remove("IM_JWT_SECRET"); // the generated-secret path is the README's default
        launcher = builder.start();

        reader = new Thread(this::readLauncherOutput, "launcher-output");
        reader.setDaemon(true);
        reader.start();

        outputSettled.await(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!sawReadyLine) {
            failWithDiagnostics(launcher.isAlive()
                    ? "the launcher did not print the ready line within " + READY_TIMEOUT.toSeconds() + " s"
                    : "the launcher exited (code " + launcher.waitFor() + ") without printing the ready line");
        }
    }

    private void readLauncherOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                launcherOutput.append(line).append('\n');
                if (line.startsWith(LocalStackLauncher.READY_LINE_PREFIX + "http://localhost:" + gatewayPort)) {
                    sawReadyLine = true;
                    outputSettled.countDown();
                }
            }
        } catch (IOException ignored) {
            // the launcher is gone
        } finally {
            outputSettled.countDown(); // the launcher exited: wake the waiter, which checks sawReadyLine
        }
    }

    private void failWithDiagnostics(String reason) throws IOException {
        StringBuilder report = new StringBuilder(reason).append("\n==== launcher output ====\n").append(launcherOutput);
        Path logs = dataDirectory.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.sorted().toList()) {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    report.append("\n==== ").append(log.getFileName()).append(" (last 80 lines) ====\n");
                    lines.subList(Math.max(0, lines.size() - 80), lines.size())
                            .forEach(line -> report.append(line).append('\n'));
                }
            }
        }
        System.err.println(report);
        fail(reason + " (launcher output and service logs printed above)");
    }

    @AfterAll
    void safetyNetAndCleanUp() throws Exception {
        if (launcher != null && launcher.isAlive()) { // a test failed before the stop test
            List<ProcessHandle> children = launcher.descendants().toList();
            launcher.destroy();
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
        if (stoppedCleanly) { // otherwise the data directory (logs!) stays for a look
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ REST

    @Test
    @Order(1)
    void twoUsersRegisterLogInAndBecomeContacts() throws Exception {
        alice = registerAndLogIn("alice");
        bob = registerAndLogIn("bob");

        Reply added = post("/friend", Map.of("uuid", alice.uuid(), "friendUsername", bob.username()), alice);
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().path("code").asInt()).as(added.body()).isZero();

        Reply bobsContacts = get("/user?uuid=" + enc(bob.uuid()), bob);
        assertThat(bobsContacts.status()).isEqualTo(200);
        assertThat(bobsContacts.json().path("code").asInt()).isZero();
        List<String> bobsContactNames = new ArrayList<>();
        bobsContacts.json().path("data").forEach(user -> bobsContactNames.add(user.path("username").asText()));
        assertThat(bobsContactNames).containsExactly(alice.username());
        bobsContacts.json().path("data").forEach(user -> assertThat(user.has("password")).isFalse());
    }

    private User registerAndLogIn(String name) throws Exception {
        String username = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        Reply registered = post("/user/register", Map.of("username", username, "password", password,
                "email", username + "@example.com", "nickname", name), null);
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.json().path("code").asInt()).as(registered.body()).isZero();
        assertThat(registered.body()).doesNotContain(password);

        Reply login = post("/user/login", Map.of("username", username, "password", password), null);
        assertThat(login.status()).isEqualTo(200);
        JsonNode data = login.json().path("data");
        assertThat(login.json().path("code").asInt()).as(login.body()).isZero();
        assertThat(data.path("username").asText()).isEqualTo(username);
        String uuid = data.path("uuid").asText();
        String token = data.path("token").asText();
        assertThat(uuid).startsWith("[usr]");
        assertThat(token).isNotBlank();
        assertThat(login.raw().headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("im_token=" + token).containsIgnoringCase("HttpOnly"));
        return new User(username, password, uuid, token);
    }

    @Test
    @Order(2)
    void restCallsWithoutTokenAreUnauthorizedAndSomeoneElsesUuidIsForbidden() throws Exception {
        Reply anonymous = get("/user?uuid=" + enc(alice.uuid()), null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("code").asInt()).isEqualTo(-1);
        assertThat(anonymous.json().path("msg").asText()).isEqualTo("unauthorized");
        assertThat(anonymous.json().has("data")).isTrue();
        assertThat(anonymous.json().path("data").isNull()).isTrue();

        Reply forged = get("/user?uuid=" + enc(alice.uuid()), bob);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().path("code").asInt()).isEqualTo(-1);
    }

    @Test
    @Order(3)
    void malformedJsonGetsTheErrorEnvelope() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/user/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"x\", "))
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
        Reply reply = new Reply(response.statusCode(), response.body(), response);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("code").asInt()).isEqualTo(-1);
        assertThat(reply.json().path("msg").asText()).isNotBlank();
    }

    // ------------------------------------------------------------------------------------------------ socket

    @Test
    @Order(10)
    void socketsOpenWithTokenOrCookieAndAnswerBothHeartbeatSpellings() throws Exception {
        LegacySocket a = openWithToken(alice);
        LegacySocket b = openWithCookie(bob);
        try {
            for (String spelling : List.of("heatbeat", "heartbeat")) {
                a.send(Message.newBuilder().setType(spelling).setContent("ping").build());
                Message pong = a.next(FRAME_TIMEOUT);
                assertThat(pong).as("pong for " + spelling).isNotNull();
                assertThat(pong.getType()).isEqualTo(spelling);
                assertThat(pong.getContent()).isEqualTo("pong");
            }
            assertThat(b.drain(QUIET)).as("bob gets nothing from alice's heartbeats").isEmpty();
        } finally {
            closeAll(a, b);
        }
    }

    @Test
    @Order(11)
    void aTextFromAliceReachesBobWithTheLegacyFieldsAndNoEcho() throws Exception {
        LegacySocket a = openWithToken(alice);
        LegacySocket b = openWithCookie(bob);
        try {
            a.send(text(alice, bob, "hello bob"));
            conversation.add("hello bob");
            Message atBob = b.next(FRAME_TIMEOUT);
            assertThat(atBob).as("delivered to bob").isNotNull();
            assertThat(atBob.getFrom()).isEqualTo(alice.uuid());
            assertThat(atBob.getFromUsername()).isEqualTo(alice.username());
            assertThat(atBob.getTo()).isEqualTo(bob.uuid());
            assertThat(atBob.getContent()).isEqualTo("hello bob");
            assertThat(atBob.getContentType()).isEqualTo(1);
            assertThat(atBob.getMessageType()).isEqualTo(1);
            assertThat(atBob.getMessageId()).isNotBlank();
            assertThat(atBob.getSeq()).isPositive();
            assertThat(a.drain(QUIET)).as("no echo to the sender").isEmpty();

            b.send(text(bob, alice, "hi alice"));
            conversation.add("hi alice");
            Message atAlice = a.next(FRAME_TIMEOUT);
            assertThat(atAlice).as("delivered to alice").isNotNull();
            assertThat(atAlice.getFrom()).isEqualTo(bob.uuid());
            assertThat(atAlice.getTo()).isEqualTo(alice.uuid());
            assertThat(atAlice.getContent()).isEqualTo("hi alice");
            assertThat(atAlice.getSeq()).isGreaterThan(atBob.getSeq());
            assertThat(b.drain(QUIET)).isEmpty();
        } finally {
            closeAll(a, b);
        }
    }

    @Test
    @Order(12)
    void aFrameClaimingSomeoneElseAsSenderIsRefusedAndNotDelivered() throws Exception {
        LegacySocket a = openWithToken(alice);
        LegacySocket b = openWithCookie(bob);
        try {
            a.send(text(bob, alice, "forged by alice").toBuilder().setFrom(bob.uuid()).setTo(bob.uuid()).build());

            assertErrorFrame(a.next(FRAME_TIMEOUT), alice);
            assertThat(b.drain(QUIET)).as("bob receives nothing").isEmpty();
        } finally {
            closeAll(a, b);
        }
    }

    @Test
    @Order(13)
    void badFramesGetAnErrorFrameAndTheSocketKeepsWorking() throws Exception {
        LegacySocket a = openWithToken(alice);
        try {
            a.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x01});
            assertErrorFrame(a.next(FRAME_TIMEOUT), alice);

            a.send(text(alice, bob, "unknown kind").toBuilder().setMessageType(7).build());
            assertErrorFrame(a.next(FRAME_TIMEOUT), alice);

            a.send(text(alice, bob, "x".repeat(20_000)));
            assertErrorFrame(a.next(FRAME_TIMEOUT), alice);

            a.send(Message.newBuilder().setType("heatbeat").setContent("ping").build());
            Message pong = a.next(FRAME_TIMEOUT);
            assertThat(pong).as("the socket still works").isNotNull();
            assertThat(pong.getContent()).isEqualTo("pong");
        } finally {
            closeAll(a);
        }
    }

    @Test
    @Order(14)
    void messagesSentWhileBobIsOfflineArriveOnReconnectInOrderExactlyOnce() throws Exception {
        LegacySocket b = openWithCookie(bob);
        closeAll(b);

        LegacySocket a = openWithToken(alice);
        List<String> sentWhileOffline = List.of("offline 1", "offline 2", "offline 3");
        try {
            for (String content : sentWhileOffline) {
                a.send(text(alice, bob, content));
                conversation.add(content);
            }
            Thread.sleep(QUIET.toMillis()); // let them be stored before bob comes back

            LegacySocket again = openWithToken(bob);
            try {
                List<Message> frames = new ArrayList<>();
                for (int i = 0; i < sentWhileOffline.size(); i++) {
                    Message frame = again.next(FRAME_TIMEOUT);
                    assertThat(frame).as("pending message " + (i + 1)).isNotNull();
                    frames.add(frame);
                }
                frames.addAll(again.drain(QUIET));
                assertThat(frames).extracting(Message::getContent).containsExactlyElementsOf(sentWhileOffline);
                assertThat(frames).extracting(Message::getFrom).containsOnly(alice.uuid());
                assertThat(frames).extracting(Message::getSeq).isSorted().doesNotHaveDuplicates();
            } finally {
                closeAll(again);
            }
        } finally {
            closeAll(a);
        }
    }

    @Test
    @Order(15)
    void historyReturnsTheWholeConversationOldestFirstInBothQueryForms() throws Exception {
        Reply imSdk = get("/message?Uuid=" + enc(bob.uuid()) + "&InteractWith=" + enc(alice.uuid())
                + "&MessageType=1", bob);
        Reply goChat = get("/message?Uuid=" + enc(bob.uuid()) + "&FriendUsername=" + enc(alice.username())
                + "&MessageType=1", bob);

        for (Reply history : List.of(imSdk, goChat)) {
            assertThat(history.status()).as(history.body()).isEqualTo(200);
            assertThat(history.json().path("code").asInt()).as(history.body()).isZero();
            List<String> contents = new ArrayList<>();
            history.json().path("data").forEach(item -> contents.add(item.path("content").asText()));
            assertThat(contents).containsExactlyElementsOf(conversation);
        }
    }

    @Test
    @Order(16)
    void aFrameOverOneMebibyteClosesThatSocketWith1009AndTheServerStillServes() throws Exception {
        LegacySocket a = openWithToken(alice);
        try {
            a.sendRaw(new byte[1024 * 1024 + 64 * 1024]);
        } catch (CompletionException closedWhileSending) {
            // the server closed the connection while the client was still writing the frame
        }
        Integer code = a.closeCode().orTimeout(FRAME_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .exceptionally(e -> e instanceof TimeoutException || e.getCause() instanceof TimeoutException
                        ? null : -1)
                .join();
        assertThat(code).as("the socket was closed").isNotNull();
        // 1009, or -1 when the TCP reset overtook the close frame on loopback before the client read it
        assertThat(code).isIn(1009, -1);

        LegacySocket fresh = openWithToken(alice);
        try {
            fresh.send(Message.newBuilder().setType("heartbeat").setContent("ping").build());
            Message pong = fresh.next(FRAME_TIMEOUT);
            assertThat(pong).isNotNull();
            assertThat(pong.getType()).isEqualTo("heartbeat");
        } finally {
            closeAll(fresh);
        }
    }

    // ------------------------------------------------------------------------------------------------ edge

    @Test
    @Order(20)
    void optionsAnswersOkForAnyPath() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/user/login"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("\"ok!\"");
    }

    @Test
    @Order(21)
    void theFrontendIsServedAtTheRoot() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .header("Accept", "text/html")
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("e2e-index-marker");
    }

    @Test
    @Order(22)
    void theGatewayReportsHealthy() throws Exception {
        Reply health = get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
    }

    // ------------------------------------------------------------------------------------------------ stop

    @Test
    @Order(100)
    void sigtermStopsEverythingAndLeavesNoProcessBehind() throws Exception {
        List<ProcessHandle> children = launcher.descendants().toList();
        assertThat(children).as("the services run as child processes").hasSizeGreaterThanOrEqualTo(5);

        // SIGTERM, like a service manager (Ctrl-C is SIGINT, handled the same way). Through the ProcessHandle because
        // Process.destroy() also closes our end of the launcher's stdout, and we want to read its last lines.
        assertThat(launcher.toHandle().destroy()).isTrue();

        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("launcher exited within 60 s").isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(10)); // until the end of the launcher's output
        assertThat(launcherOutput.toString()).as("launcher output (exit code " + launcher.exitValue() + ")")
                .contains("\n" + LocalStackLauncher.STOPPED_LINE + "\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(children.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList())
                .as("processes left behind").isEmpty();
        stoppedCleanly = true;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private LegacySocket openWithToken(User user) throws Exception {
        LegacySocket socket = LegacySocket.open(http, URI.create("ws://127.0.0.1:" + gatewayPort + "/socket.io?user="
                + enc(user.uuid()) + "&token=" + enc(user.token())), null);
        expectWelcome(socket, user);
        return socket;
    }

    private LegacySocket openWithCookie(User user) throws Exception {
        LegacySocket socket = LegacySocket.open(http, URI.create("ws://127.0.0.1:" + gatewayPort + "/socket.io?user="
                + enc(user.uuid())), user.cookie());
        expectWelcome(socket, user);
        return socket;
    }

    private static void expectWelcome(LegacySocket socket, User user) throws InterruptedException {
        Message welcome = socket.next(FRAME_TIMEOUT);
        assertThat(welcome).as("welcome frame").isNotNull();
        assertThat(welcome.getFrom()).isEqualTo("system");
        assertThat(welcome.getTo()).isEqualTo(user.uuid());
        assertThat(welcome.getContent()).isEqualTo("welcome!");
    }

    private static void assertErrorFrame(Message frame, User me) {
        assertThat(frame).as("error frame").isNotNull();
        assertThat(frame.getType()).isEqualTo("error");
        assertThat(frame.getFrom()).isEqualTo("system");
        assertThat(frame.getTo()).isEqualTo(me.uuid());
        assertThat(frame.getContent()).isNotBlank();
    }

    private static void closeAll(LegacySocket... sockets) {
        for (LegacySocket socket : sockets) {
            assertThat(socket.violations()).as("protocol violations").isEmpty();
            socket.close();
        }
    }

    /** A text frame exactly as go-chat-web's {@code sendMessage} builds it. */
    private static Message text(User from, User to, String content) {
        return Message.newBuilder()
                .setFrom(from.uuid())
                .setFromUsername(from.username())
                .setTo(to.uuid())
                .setContent(content)
                .setContentType(1)
                .setMessageType(1)
                .build();
    }

    private Reply post(String path, Map<String, String> body, User caller) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .timeout(Duration.ofSeconds(20));
        if (caller != null) {
            request.header("Authorization", "Bearer " + caller.token());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response);
    }

    private Reply get(String pathAndQuery, User caller) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(20));
        if (caller != null) {
            request.header("Authorization", "Bearer " + caller.token());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
