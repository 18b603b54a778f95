package im.deploy;

import static im.deploy.StackClient.FRAME_TIMEOUT;
import static im.deploy.StackClient.QUIET;
import static im.deploy.StackClient.closeAll;
import static im.deploy.StackClient.enc;
import static im.deploy.StackClient.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import im.deploy.StackClient.Reply;
import im.deploy.StackClient.User;
import im.proto.Message;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Edit, delete for everyone, delete for me, forward, read receipts and typing through the running stack: each change
 * reaches every participant's open v2 sockets live as a typed frame, a legacy socket sees none of them, and the
 * history shows the change in both forms (legacy {@code GET /message} and the v1 sync API).
 */
@Order(5)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MessageLifecycleE2EIT {

    private StackClient client;
    private User alice;
    private User bob;
    private User carol;
    private String group;

    @BeforeAll
    void usersContactsAndAGroup() throws Exception {
        client = new StackClient(LocalStack.get());
        alice = client.registerAndLogIn("lina");
        bob = client.registerAndLogIn("boris");
        carol = client.registerAndLogIn("cleo");
        client.post("/friend", Map.of("uuid", alice.uuid(), "friendUsername", bob.username()), alice).ok();
        client.post("/friend", Map.of("uuid", bob.uuid(), "friendUsername", carol.username()), bob).ok();
        group = client.post("/group/" + enc(alice.uuid()), Map.of("name", "lifecycle-" + alice.uuid().substring(5, 13)),
                alice).ok().path("uuid").asText();
        client.post("/group/join/" + enc(bob.uuid()) + "/" + enc(group), null, bob).ok();
    }

    @Test
    @Order(1)
    void anEditReachesEveryV2SocketLiveAndShowsInBothHistories() throws Exception {
        LegacySocket aliceV2 = client.openV2(alice);
        LegacySocket bobV2 = client.openV2(bob);
        LegacySocket bobLegacy = client.openWithToken(bob);
        try {
            Message ack = send(aliceV2, alice, bob, "see you at 5", "edit-1");
            awaitFrame(bobV2, frame -> frame.getType().isEmpty() && frame.getContent().equals("see you at 5"));
            awaitFrame(bobLegacy, frame -> frame.getContent().equals("see you at 5"));

            client.put("/message/id?ID=" + ack.getMessageId() + "&Uuid=" + enc(alice.uuid())
                    + "&MessageType=1&InteractWith=" + enc(bob.uuid()), Map.of("content", "see you at 6"), alice).ok();

            for (LegacySocket socket : List.of(bobV2, aliceV2)) {
                Message edit = awaitFrame(socket, frame -> frame.getType().equals("edit"));
                assertThat(edit.getMessageId()).isEqualTo(ack.getMessageId());
                assertThat(edit.getSeq()).isEqualTo(ack.getSeq());
                assertThat(edit.getContent()).isEqualTo("see you at 6");
                assertThat(edit.getFrom()).isEqualTo(alice.uuid());
                assertThat(edit.getTo()).isEqualTo(bob.uuid());
            }
            assertThat(bobLegacy.drain(QUIET)).as("a legacy socket gets no edit frame").isEmpty();

            JsonNode legacy = client.get("/message?Uuid=" + enc(bob.uuid()) + "&FriendUsername="
                    + enc(alice.username()) + "&MessageType=1", bob).ok();
            assertThat(texts(legacy, "content")).containsExactly("see you at 6");
            assertThat(legacy.get(0).path("edited").asBoolean()).isTrue();
            JsonNode page = client.get("/api/v1/conversations/" + enc(alice.uuid()) + "/messages", bob).json();
            assertThat(page.path("messages").get(0).path("content").asText()).isEqualTo("see you at 6");
            assertThat(page.path("messages").get(0).path("editCount").asInt()).isEqualTo(1);
        } finally {
            closeAll(aliceV2, bobV2, bobLegacy);
        }
    }

    @Test
    @Order(2)
    void aDeleteForEveryoneReachesEverySocketAndLeavesATombstone() throws Exception {
        LegacySocket aliceV2 = client.openV2(alice);
        LegacySocket bobV2 = client.openV2(bob);
        LegacySocket bobLegacy = client.openWithToken(bob);
        try {
            Message ack = send(aliceV2, alice, bob, "wrong chat, sorry", "delete-1");
            awaitFrame(bobV2, frame -> frame.getContent().equals("wrong chat, sorry"));
            awaitFrame(bobLegacy, frame -> frame.getContent().equals("wrong chat, sorry"));

            Reply deleted = client.delete("/api/v1/conversations/" + enc(bob.uuid()) + "/messages/"
                    + ack.getMessageId() + "?for=everyone", alice);
            assertThat(deleted.status()).isEqualTo(204);

            for (LegacySocket socket : List.of(bobV2, aliceV2)) {
                Message delete = awaitFrame(socket, frame -> frame.getType().equals("delete"));
                assertThat(delete.getMessageId()).isEqualTo(ack.getMessageId());
                assertThat(delete.getContent()).isEmpty();
            }
            assertThat(bobLegacy.drain(QUIET)).isEmpty();
            JsonNode legacy = client.get("/message?Uuid=" + enc(bob.uuid()) + "&InteractWith=" + enc(alice.uuid())
                    + "&MessageType=1", bob).ok();
            assertThat(texts(legacy, "content")).doesNotContain("wrong chat, sorry");
            JsonNode page = client.get("/api/v1/conversations/" + enc(alice.uuid()) + "/messages?after="
                    + (ack.getSeq() - 1) + "&limit=1", bob).json();
            assertThat(page.path("messages").get(0).path("deletedForEveryone").asBoolean()).isTrue();
            assertThat(page.path("messages").get(0).path("content").asText()).isEmpty();
        } finally {
            closeAll(aliceV2, bobV2, bobLegacy);
        }
    }

    @Test
    @Order(3)
    void aDeleteForMeReachesMyOtherDevicesOnly() throws Exception {
        LegacySocket aliceV2 = client.openV2(alice);
        LegacySocket bobPhone = client.openV2(bob);
        LegacySocket bobLaptop = client.openV2(bob);
        try {
            Message ack = send(aliceV2, alice, bob, "only bob hides this", "hide-1");
            awaitFrame(bobPhone, frame -> frame.getContent().equals("only bob hides this"));
            awaitFrame(bobLaptop, frame -> frame.getContent().equals("only bob hides this"));

            client.delete("/message/id/delete-self?ID=" + ack.getMessageId() + "&Uuid=" + enc(bob.uuid())
                    + "&MessageType=1&InteractWith=" + enc(alice.uuid()), bob).ok();

            for (LegacySocket socket : List.of(bobPhone, bobLaptop)) {
                assertThat(awaitFrame(socket, frame -> frame.getType().equals("hide")).getMessageId())
                        .isEqualTo(ack.getMessageId());
            }
            assertThat(aliceV2.drain(QUIET)).noneMatch(frame -> frame.getType().equals("hide"));
            assertThat(texts(client.get("/message?Uuid=" + enc(bob.uuid()) + "&InteractWith=" + enc(alice.uuid())
                    + "&MessageType=1", bob).ok(), "content")).doesNotContain("only bob hides this");
            assertThat(texts(client.get("/message?Uuid=" + enc(alice.uuid()) + "&InteractWith=" + enc(bob.uuid())
                    + "&MessageType=1", alice).ok(), "content")).contains("only bob hides this");
        } finally {
            closeAll(aliceV2, bobPhone, bobLaptop);
        }
    }

    @Test
    @Order(4)
    void aForwardIsDeliveredLiveToAUserAndAGroupAsTheForwarders() throws Exception {
        LegacySocket aliceV2 = client.openV2(alice);
        LegacySocket aliceLegacy = client.openWithToken(alice);
        LegacySocket carolLegacy = client.openWithToken(carol);
        try {
            Message ack = send(aliceV2, alice, bob, "pass it on", "forward-1");

            JsonNode last = client.post("/forward?ID=" + ack.getMessageId() + "&Uuid=" + enc(bob.uuid())
                    + "&MessageType=1&InteractWith=" + enc(alice.uuid()),
                    Map.of("targets", List.of(carol.uuid(), group)), bob).ok();

            assertThat(last.path("forwardedTo")).hasSize(2);
            Message toCarol = awaitFrame(carolLegacy, frame -> frame.getContent().equals("pass it on"));
            assertThat(toCarol.getFrom()).as("the forwarder is the sender").isEqualTo(bob.uuid());
            assertThat(toCarol.getMessageType()).isEqualTo(1);
            assertThat(toCarol.getForwarded()).isTrue();
            for (LegacySocket socket : List.of(aliceLegacy, aliceV2)) {
                Message inGroup = awaitFrame(socket, frame -> frame.getContent().equals("pass it on")
                        && frame.getMessageType() == 2);
                assertThat(inGroup.getFrom()).as("re-addressed to the group").isEqualTo(group);
                assertThat(inGroup.getTo()).isEqualTo(bob.uuid());
            }
            assertThat(texts(client.get("/message?Uuid=" + enc(group) + "&FriendUsername=x&MessageType=2", alice)
                    .ok(), "content")).contains("pass it on");
        } finally {
            closeAll(aliceV2, aliceLegacy, carolLegacy);
        }
    }

    @Test
    @Order(5)
    void readReceiptsAndTypingReachSocketsThatOptedIn() throws Exception {
        LegacySocket aliceV2 = client.openV2(alice);
        LegacySocket aliceLegacy = client.openWithToken(alice);
        LegacySocket aliceOptedIn = client.openWith(alice, "features=receipts");
        LegacySocket bobV2 = client.openV2(bob);
        try {
            Message ack = send(aliceV2, alice, bob, "did you read this?", "read-1");
            awaitFrame(bobV2, frame -> frame.getContent().equals("did you read this?"));

            bobV2.send(Message.newBuilder().setType("read").setMessageType(1).setTo(alice.uuid())
                    .setSeq(ack.getSeq()).build());
            bobV2.send(Message.newBuilder().setType("typing").setMessageType(1).setTo(alice.uuid()).build());

            Message read = awaitFrame(aliceV2, frame -> frame.getType().equals("read"));
            assertThat(read.getFrom()).isEqualTo(bob.uuid());
            assertThat(read.getSeq()).isEqualTo(ack.getSeq());
            assertThat(awaitFrame(aliceOptedIn, frame -> frame.getType().equals("read")).getSeq())
                    .isEqualTo(ack.getSeq());
            assertThat(awaitFrame(aliceV2, frame -> frame.getType().equals("typing")).getFrom())
                    .isEqualTo(bob.uuid());
            assertThat(aliceLegacy.drain(QUIET)).as("a legacy socket gets neither")
                    .noneMatch(frame -> frame.getType().equals("read") || frame.getType().equals("typing"));
            assertThat(aliceOptedIn.drain(QUIET)).as("receipts only").noneMatch(f -> f.getType().equals("typing"));

            JsonNode conversations = client.get("/api/v1/conversations", alice).json();
            JsonNode withBob = null;
            for (JsonNode conversation : conversations.path("conversations")) {
                if (conversation.path("with").asText().equals(bob.uuid())) {
                    withBob = conversation;
                }
            }
            assertThat(withBob).isNotNull();
            assertThat(withBob.path("peerReadSeq").asLong()).isEqualTo(ack.getSeq());
            assertThat(withBob.path("lastSeq").asLong()).isEqualTo(ack.getSeq());
        } finally {
            closeAll(aliceV2, aliceLegacy, aliceOptedIn, bobV2);
        }
    }

    /** Sends a 1:1 text with a clientMessageId and returns its ack (message id and seq). */
    private static Message send(LegacySocket socket, User from, User to, String text, String clientMessageId)
            throws Exception {
        socket.send(StackClient.text(from, to, text).toBuilder().setClientMessageId(clientMessageId).build());
        Message ack = awaitFrame(socket, frame -> frame.getType().equals("ack")
                && frame.getClientMessageId().equals(clientMessageId));
        assertThat(ack.getMessageId()).isNotBlank();
        assertThat(ack.getSeq()).isPositive();
        return ack;
    }

    /** The first frame matching {@code wanted} (others are skipped), within {@link StackClient#FRAME_TIMEOUT}. */
    private static Message awaitFrame(LegacySocket socket, Predicate<Message> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + FRAME_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Message frame = socket.next(java.time.Duration.ofMillis(200));
            if (frame != null && wanted.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no matching frame within " + FRAME_TIMEOUT);
    }
}
