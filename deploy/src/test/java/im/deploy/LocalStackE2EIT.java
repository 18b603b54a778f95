package im.deploy;

import static im.deploy.StackClient.FRAME_TIMEOUT;
import static im.deploy.StackClient.QUIET;
import static im.deploy.StackClient.assertErrorFrame;
import static im.deploy.StackClient.closeAll;
import static im.deploy.StackClient.enc;
import static im.deploy.StackClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import im.deploy.StackClient.Reply;
import im.deploy.StackClient.User;
import im.proto.Message;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * 1:1 chat and the edges of the running stack ({@link LocalStack}), driven like go-chat-web: legacy REST calls
 * through the gateway and binary protobuf frames on {@code /socket.io}. The tests run in order and build on each
 * other (two users, their contact, their conversation).
 */
@Order(1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackE2EIT {

    private LocalStack stack;
    private StackClient client;

    private User alice;
    private User bob;
    /** Every text exchanged between alice and bob, in the order it was sent: what history must return. */
    private final List<String> conversation = new ArrayList<>();

    @BeforeAll
    void useTheRunningStack() throws Exception {
        stack = LocalStack.get();
        client = new StackClient(stack);
    }

    @Test
    @Order(1)
    void twoUsersRegisterLogInAndBecomeContacts() throws Exception {
        alice = client.registerAndLogIn("alice");
        bob = client.registerAndLogIn("bob");

        Reply added = client.post("/friend", Map.of("uuid", alice.uuid(), "friendUsername", bob.username()), alice);
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().path("code").asInt()).as(added.body()).isZero();

        Reply bobsContacts = client.get("/user?uuid=" + enc(bob.uuid()), bob);
        assertThat(bobsContacts.status()).isEqualTo(200);
        assertThat(bobsContacts.json().path("code").asInt()).isZero();
        List<String> bobsContactNames = new ArrayList<>();
        bobsContacts.json().path("data").forEach(user -> bobsContactNames.add(user.path("username").asText()));
        assertThat(bobsContactNames).containsExactly(alice.username());
        bobsContacts.json().path("data").forEach(user -> assertThat(user.has("password")).isFalse());
    }

    @Test
    @Order(2)
    void restCallsWithoutTokenAreUnauthorizedAndSomeoneElsesUuidIsForbidden() throws Exception {
        Reply anonymous = client.get("/user?uuid=" + enc(alice.uuid()), null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("code").asInt()).isEqualTo(-1);
        assertThat(anonymous.json().path("msg").asText()).isEqualTo("unauthorized");
        assertThat(anonymous.json().has("data")).isTrue();
        assertThat(anonymous.json().path("data").isNull()).isTrue();

        Reply forged = client.get("/user?uuid=" + enc(alice.uuid()), bob);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().path("code").asInt()).isEqualTo(-1);
    }

    @Test
    @Order(3)
    void malformedJsonGetsTheErrorEnvelope() throws Exception {
        HttpResponse<String> response = client.http().send(HttpRequest.newBuilder(URI.create(client.base() + "/user/login"))
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
        LegacySocket a = client.openWithToken(alice);
        LegacySocket b = client.openWithCookie(bob);
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
        LegacySocket a = client.openWithToken(alice);
        LegacySocket b = client.openWithCookie(bob);
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
        LegacySocket a = client.openWithToken(alice);
        LegacySocket b = client.openWithCookie(bob);
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
        LegacySocket a = client.openWithToken(alice);
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
        LegacySocket b = client.openWithCookie(bob);
        closeAll(b);

        LegacySocket a = client.openWithToken(alice);
        List<String> sentWhileOffline = List.of("offline 1", "offline 2", "offline 3");
        try {
            for (String content : sentWhileOffline) {
                a.send(text(alice, bob, content));
                conversation.add(content);
            }
            Thread.sleep(QUIET.toMillis()); // let them be stored before bob comes back

            LegacySocket again = client.openWithToken(bob);
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
        Reply imSdk = client.get("/message?Uuid=" + enc(bob.uuid()) + "&InteractWith=" + enc(alice.uuid())
                + "&MessageType=1", bob);
        Reply goChat = client.get("/message?Uuid=" + enc(bob.uuid()) + "&FriendUsername=" + enc(alice.username())
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
    void aFrameOverTheFrameLimitClosesThatSocketWith1009AndTheServerStillServes() throws Exception {
        LegacySocket a = client.openWithToken(alice);
        try {
            a.sendRaw(new byte[16 * 1024 * 1024 + 64 * 1024]); // IM_WS_MAX_FRAME_BYTES defaults to 16MB
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

        LegacySocket fresh = client.openWithToken(alice);
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
        HttpResponse<String> response = client.http().send(HttpRequest.newBuilder(URI.create(client.base() + "/user/login"))
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
        HttpResponse<String> response = client.http().send(HttpRequest.newBuilder(URI.create(client.base() + "/"))
                .header("Accept", "text/html")
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("e2e-index-marker");
    }

    @Test
    @Order(22)
    void theGatewayReportsHealthy() throws Exception {
        Reply health = client.get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
    }
}
