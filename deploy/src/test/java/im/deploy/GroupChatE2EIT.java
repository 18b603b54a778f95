package im.deploy;

import static im.deploy.StackClient.FRAME_TIMEOUT;
import static im.deploy.StackClient.QUIET;
import static im.deploy.StackClient.assertErrorFrame;
import static im.deploy.StackClient.closeAll;
import static im.deploy.StackClient.enc;
import static im.deploy.StackClient.groupText;
import static im.deploy.StackClient.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import im.deploy.StackClient.Reply;
import im.deploy.StackClient.User;
import im.proto.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Group chat through the running stack, as go-chat-web does it: alice creates a group, bob and carol join, everybody
 * chats; dave, who is no member, is refused; carol leaves and stops receiving, re-joins and sees only what came
 * after; the group and member lists are right in both legacy route families. The tests build on each other.
 */
@Order(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupChatE2EIT {

    private StackClient client;
    private User alice;
    private User bob;
    private User carol;
    private User dave;
    private String groupName;
    private String group;
    /** Every text sent to the group, in order: what a member who never left sees in the history. */
    private final List<String> groupConversation = new ArrayList<>();

    @BeforeAll
    void threeUsersAndAnOutsider() throws Exception {
        client = new StackClient(LocalStack.get());
        alice = client.registerAndLogIn("alice");
        bob = client.registerAndLogIn("bob");
        carol = client.registerAndLogIn("carol");
        dave = client.registerAndLogIn("dave");
        groupName = StackClient.uniqueName("team");
    }

    @Test
    @Order(1)
    void aliceCreatesAGroupAndBobAndCarolJoinIt() throws Exception {
        JsonNode created = client.post("/group/" + enc(alice.uuid()), Map.of("name", groupName), alice).ok();
        group = created.path("uuid").asText();
        assertThat(group).startsWith("[grp]");
        assertThat(created.path("name").asText()).isEqualTo(groupName);

        // go-chat-web joins with no body
        client.post("/group/join/" + enc(bob.uuid()) + "/" + enc(group), null, bob).ok();
        client.post("/group/join/" + enc(carol.uuid()) + "/" + enc(group), null, carol).ok();

        Reply twice = client.post("/group/join/" + enc(bob.uuid()) + "/" + enc(group), null, bob);
        assertThat(twice.code()).as(twice.body()).isEqualTo(-1);
        Reply phantom = client.post("/group/join/" + enc(bob.uuid()) + "/" + enc("[grp]" + UUID.randomUUID()),
                null, bob);
        assertThat(phantom.code()).as(phantom.body()).isEqualTo(-1);
        assertThat(phantom.json().path("msg").asText()).isEqualTo("group doesn't exist");
        Reply onBehalf = client.post("/group/join/" + enc(dave.uuid()) + "/" + enc(group), null, bob);
        assertThat(onBehalf.status()).as("joining someone else in").isEqualTo(403);
    }

    @Test
    @Order(2)
    void theGroupAndMemberListsAreRightInBothRouteFamilies() throws Exception {
        for (User member : List.of(alice, bob, carol)) {
            JsonNode goChat = client.get("/group/" + enc(member.uuid()) + "?uuid=" + enc(member.uuid()), member).ok();
            JsonNode imSdk = client.get("/group?uuid=" + enc(member.uuid()), member).ok();
            for (JsonNode groups : List.of(goChat, imSdk)) {
                assertThat(texts(groups, "uuid")).containsExactly(group);
                assertThat(texts(groups, "name")).containsExactly(groupName);
            }
        }

        JsonNode members = client.get("/group/user/" + enc(group), bob).ok();
        assertThat(texts(members, "username"))
                .containsExactlyInAnyOrder(alice.username(), bob.username(), carol.username());
        members.forEach(member -> assertThat(member.has("email") || member.has("password")).isFalse());
        JsonNode info = client.get("/group/info/" + enc(group), carol).ok();
        assertThat(texts(info.path("members"), "uuid"))
                .containsExactlyInAnyOrder(alice.uuid(), bob.uuid(), carol.uuid());
        assertThat(info.toString()).doesNotContain("@example.com");

        assertThat(client.get("/group/user/" + enc(group), dave).status()).as("members only").isEqualTo(403);
        assertThat(client.get("/group/info/" + enc(group), dave).status()).as("members only").isEqualTo(403);

        // user-service learns about groups over Kafka (tens of ms behind group-service)
        JsonNode found = client.until(() -> client.get("/user/name?name=" + enc(groupName), dave),
                reply -> reply.code() == 0 && group.equals(reply.data().path("group").path("uuid").asText()),
                "the group found by its name").data();
        assertThat(found.path("group").path("name").asText()).isEqualTo(groupName);

        JsonNode chats = client.until(() -> client.get("/interact?uuid=" + enc(bob.uuid()), bob),
                reply -> reply.code() == 0 && texts(reply.data(), "uuid").contains(group),
                "the group in bob's chat list").data();
        assertThat(chats).anySatisfy(item -> {
            assertThat(item.path("uuid").asText()).isEqualTo(group);
            assertThat(item.path("Name").asText()).isEqualTo(groupName);
        });
    }

    @Test
    @Order(3)
    void everybodyChatsAndEachFrameReachesTheOtherMembersReaddressed() throws Exception {
        awaitMessagingSeesMember(carol);
        LegacySocket a = client.openWithToken(alice);
        LegacySocket b = client.openWithCookie(bob);
        LegacySocket c = client.openWithToken(carol);
        try {
            sendAndExpect(alice, a, "hello team from alice", List.of(b, c));
            sendAndExpect(bob, b, "bob here", List.of(a, c));
            sendAndExpect(carol, c, "carol too", List.of(a, b));
            for (LegacySocket socket : List.of(a, b, c)) {
                assertThat(socket.drain(QUIET)).as("no copies, no echo").isEmpty();
            }
        } finally {
            closeAll(a, b, c);
        }
    }

    @Test
    @Order(4)
    void aNonMemberIsRefusedAndNobodyReceivesItsFrame() throws Exception {
        LegacySocket a = client.openWithToken(alice);
        LegacySocket d = client.openWithToken(dave);
        try {
            d.send(groupText(dave, group, "let me in"));
            assertErrorFrame(d.next(FRAME_TIMEOUT), dave, "not_group_member");
            assertThat(a.drain(QUIET)).isEmpty();

            Reply history = client.get(groupHistoryImSdk(dave), dave);
            assertThat(history.code()).as("a non-member reads no history: " + history.body()).isEqualTo(-1);
        } finally {
            closeAll(a, d);
        }
    }

    @Test
    @Order(5)
    void carolLeavesAndStopsReceivingAtOnce() throws Exception {
        LegacySocket a = client.openWithToken(alice);
        LegacySocket b = client.openWithToken(bob);
        LegacySocket c = client.openWithToken(carol);
        try {
            client.delete("/group/leave/" + enc(carol.uuid()) + "/" + enc(group), carol).ok();
            // at once: the very next frame after the leave answer, with no wait for messaging-service's view
            sendAndExpect(alice, a, "right after carol left", List.of(b));
            assertThat(c.drain(QUIET)).as("carol receives nothing once the leave was answered").isEmpty();
            c.send(groupText(carol, group, "can I still post?"));
            assertErrorFrame(c.next(FRAME_TIMEOUT), carol, "not_group_member");
            assertThat(texts(client.get("/group/" + enc(carol.uuid()), carol).ok(), "uuid")).doesNotContain(group);
            assertThat(texts(client.get("/group?uuid=" + enc(carol.uuid()), carol).ok(), "uuid"))
                    .doesNotContain(group);
            assertThat(texts(client.get("/group/user/" + enc(group), bob).ok(), "uuid"))
                    .containsExactlyInAnyOrder(alice.uuid(), bob.uuid());
            assertThat(client.get(groupHistoryImSdk(carol), carol).code())
                    .as("carol's group history refused after leaving").isEqualTo(-1);

            sendAndExpect(alice, a, "while carol is away", List.of(b));
            assertThat(c.drain(QUIET)).as("carol receives nothing after leaving").isEmpty();

            c.send(groupText(carol, group, "am I still here?"));
            assertErrorFrame(c.next(FRAME_TIMEOUT), carol, "not_group_member");
            assertThat(b.drain(QUIET)).isEmpty();
        } finally {
            closeAll(a, b, c);
        }
    }

    @Test
    @Order(6)
    void carolRejoinsAndSeesOnlyWhatCameAfter() throws Exception {
        LegacySocket a = client.openWithToken(alice);
        LegacySocket b = client.openWithToken(bob);
        LegacySocket c = client.openWithToken(carol);
        try {
            // at once: the first frame after the join answer reaches her, with no wait for messaging-service
            client.post("/group/join/" + enc(carol.uuid()) + "/" + enc(group), null, carol).ok();
            sendAndExpect(alice, a, "welcome back carol", List.of(b, c));
        } finally {
            closeAll(a, b, c);
        }

        for (String form : List.of(groupHistoryImSdk(carol), groupHistoryGoChat())) {
            JsonNode history = client.get(form, carol).ok();
            assertThat(texts(history, "content")).as(form).containsExactly("welcome back carol");
        }
        for (String form : List.of(groupHistoryImSdk(bob), groupHistoryGoChat())) {
            JsonNode history = client.get(form, bob).ok();
            assertThat(texts(history, "content")).as(form).containsExactlyElementsOf(groupConversation);
            assertThat(texts(history, "toGroupName")).containsOnly(groupName);
            assertThat(texts(history, "fromUsername")).contains(alice.username(), bob.username(), carol.username());
        }
    }

    @Test
    @Order(7)
    void anOfflineMemberGetsTheGroupMessagesOnReconnectInOrder() throws Exception {
        LegacySocket a = client.openWithToken(alice);
        try {
            List<String> whileBobIsOffline = List.of("offline group 1", "offline group 2");
            for (String content : whileBobIsOffline) {
                a.send(groupText(alice, group, content));
                groupConversation.add(content);
            }
            client.until(() -> client.get(groupHistoryImSdk(alice), alice),
                    reply -> reply.code() == 0 && texts(reply.data(), "content").containsAll(whileBobIsOffline),
                    "both stored");

            LegacySocket b = client.openWithToken(bob);
            try {
                List<Message> frames = new ArrayList<>();
                for (int i = 0; i < whileBobIsOffline.size(); i++) {
                    Message frame = b.next(FRAME_TIMEOUT);
                    assertThat(frame).as("pending group message " + (i + 1)).isNotNull();
                    frames.add(frame);
                }
                frames.addAll(b.drain(QUIET));
                assertThat(frames).extracting(Message::getContent).containsExactlyElementsOf(whileBobIsOffline);
                assertThat(frames).extracting(Message::getFrom).containsOnly(group);
                assertThat(frames).extracting(Message::getTo).containsOnly(alice.uuid());
                assertThat(frames).extracting(Message::getSeq).isSorted().doesNotHaveDuplicates();
            } finally {
                closeAll(b);
            }
        } finally {
            closeAll(a);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Sends a group text and checks every other member's socket gets it re-addressed as the legacy servers do. */
    private void sendAndExpect(User sender, LegacySocket from, String content, List<LegacySocket> others)
            throws Exception {
        from.send(groupText(sender, group, content));
        groupConversation.add(content);
        for (LegacySocket other : others) {
            Message frame = other.next(FRAME_TIMEOUT);
            assertThat(frame).as("'" + content + "' delivered").isNotNull();
            assertThat(frame.getFrom()).as("from = the group").isEqualTo(group);
            assertThat(frame.getTo()).as("to = the sender").isEqualTo(sender.uuid());
            assertThat(frame.getFromUsername()).isEqualTo(sender.username());
            assertThat(frame.getMessageType()).isEqualTo(2);
            assertThat(frame.getContentType()).isEqualTo(1);
            assertThat(frame.getContent()).isEqualTo(content);
            assertThat(frame.getMessageId()).isNotBlank();
        }
    }

    /** Waits until messaging-service's own view of the membership (fed by Kafka) counts {@code member} in. */
    private void awaitMessagingSeesMember(User member) throws Exception {
        client.until(() -> client.get(groupHistoryImSdk(member), member), reply -> reply.code() == 0,
                member.username() + " readable as a member in messaging-service");
    }

    private String groupHistoryImSdk(User me) {
        return "/message?Uuid=" + enc(me.uuid()) + "&InteractWith=" + enc(group) + "&MessageType=2";
    }

    private String groupHistoryGoChat() {
        return "/message?Uuid=" + enc(group) + "&FriendUsername=" + enc(groupName) + "&MessageType=2";
    }
}
