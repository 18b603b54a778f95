package im.deploy;

import static im.deploy.StackClient.FRAME_TIMEOUT;
import static im.deploy.StackClient.QUIET;
import static im.deploy.StackClient.assertErrorFrame;
import static im.deploy.StackClient.closeAll;
import static im.deploy.StackClient.enc;
import static im.deploy.StackClient.text;
import static im.deploy.StackClient.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import im.deploy.StackClient.Reply;
import im.deploy.StackClient.User;
import im.proto.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The contact graph through the running stack: both "add contact" families and their lists, the contacts-only
 * policy on the socket, leaving a 1:1 chat (lists and history window) and re-adding, the IM-SDK all-interact
 * routes for users and groups, and deleting an account (sockets closed, token and login refused, name free again,
 * messages still readable by the other party).
 */
@Order(3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContactGraphE2EIT {

    private StackClient client;
    private User xena;
    private User yuri;
    private User zack;
    /** Every text between xena and yuri, in order. */
    private final List<String> conversation = new ArrayList<>();

    @BeforeAll
    void threeUsers() throws Exception {
        client = new StackClient(LocalStack.get());
        xena = client.registerAndLogIn("xena");
        yuri = client.registerAndLogIn("yuri");
        zack = client.registerAndLogIn("zack");
    }

    @Test
    @Order(1)
    void addingAContactShowsItInBothListsOfBothUsers() throws Exception {
        client.post("/interact", Map.of("uuid", xena.uuid(), "interactWith", yuri.username()), xena).ok();

        assertThat(contactNames(xena)).containsExactly(yuri.username());
        assertThat(contactNames(yuri)).containsExactly(xena.username());
        JsonNode xenasChats = client.get("/interact?uuid=" + enc(xena.uuid()), xena).ok();
        assertThat(texts(xenasChats, "uuid")).containsExactly(yuri.uuid());
        assertThat(texts(xenasChats, "Name")).containsExactly("");
        assertThat(texts(client.get("/interact?uuid=" + enc(yuri.uuid()), yuri).ok(), "uuid"))
                .containsExactly(xena.uuid());

        Reply again = client.post("/friend", Map.of("uuid", yuri.uuid(), "friendUsername", xena.username()), yuri);
        assertThat(again.code()).as(again.body()).isEqualTo(-1);
        Reply onBehalf = client.post("/interact", Map.of("uuid", xena.uuid(), "interactWith", zack.username()), yuri);
        assertThat(onBehalf.status()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void onlyContactsCanMessageEachOther() throws Exception {
        LegacySocket x = client.openWithToken(xena);
        LegacySocket y = client.openWithToken(yuri);
        LegacySocket z = client.openWithToken(zack);
        try {
            z.send(text(zack, xena, "hi stranger"));
            assertErrorFrame(z.next(FRAME_TIMEOUT), zack, "not_contact");
            assertThat(x.drain(QUIET)).as("a stranger's frame is not delivered").isEmpty();

            sendAndExpect(xena, x, yuri, y, "hello yuri");
            sendAndExpect(yuri, y, xena, x, "hello xena");
        } finally {
            closeAll(x, y, z);
        }
    }

    @Test
    @Order(3)
    void leavingAChatHidesItForTheLeaverOnlyAndReAddingRestoresBothLists() throws Exception {
        Reply left = client.delete("/interact?Uuid=" + enc(xena.uuid()) + "&InteractWith=" + enc(yuri.username()),
                xena);
        JsonNode echo = left.ok();
        assertThat(echo.path("Uuid").asText()).isEqualTo(xena.uuid());
        assertThat(echo.path("InteractWith").asText()).isEqualTo(yuri.username());

        assertThat(contactNames(xena)).isEmpty();
        assertThat(client.get("/interact?uuid=" + enc(xena.uuid()), xena).ok()).isEmpty();
        assertThat(contactNames(yuri)).as("the other side keeps the contact").containsExactly(xena.username());
        client.until(() -> client.get(directHistory(xena, yuri), xena),
                reply -> reply.code() == 0 && reply.data().isEmpty(), "xena's view of the chat is emptied");

        LegacySocket y = client.openWithToken(yuri);
        try {
            y.send(text(yuri, xena, "are you there?"));
            assertErrorFrame(y.next(FRAME_TIMEOUT), yuri, "not_contact");
        } finally {
            closeAll(y);
        }

        client.post("/interact", Map.of("uuid", xena.uuid(), "interactWith", yuri.username()), xena).ok();
        assertThat(contactNames(xena)).containsExactly(yuri.username());
        assertThat(texts(client.get("/interact?uuid=" + enc(xena.uuid()), xena).ok(), "uuid"))
                .containsExactly(yuri.uuid());
        assertThat(contactNames(yuri)).containsExactly(xena.username());

        LegacySocket x = client.openWithToken(xena);
        y = client.openWithToken(yuri);
        try {
            sendAndExpect(yuri, y, xena, x, "after the re-add");
        } finally {
            closeAll(x, y);
        }
        assertThat(texts(client.get(directHistory(xena, yuri), xena).ok(), "content"))
                .as("history before leaving stays hidden for xena").containsExactly("after the re-add");
        assertThat(texts(client.get(directHistory(yuri, xena), yuri).ok(), "content"))
                .as("yuri never left").containsExactlyElementsOf(conversation);
    }

    @Test
    @Order(4)
    void theAllInteractRoutesAddAndRemoveUsersAndGroups() throws Exception {
        JsonNode added = client.post("/all-interact", Map.of("uuid", zack.uuid(), "interactWithUuid", xena.uuid()),
                zack).ok();
        assertThat(added.path("interactWithUuid").asText()).isEqualTo(xena.uuid());
        assertThat(added.path("interactWith").asText()).isEqualTo(xena.username());
        assertThat(added.has("deletedAt") && added.path("deletedAt").isNull()).as(added.toString()).isTrue();
        assertThat(contactNames(xena)).contains(zack.username());

        String groupName = StackClient.uniqueName("club");
        String group = client.post("/group/" + enc(xena.uuid()), Map.of("name", groupName), xena).ok()
                .path("uuid").asText();
        JsonNode joined = client.post("/all-interact", Map.of("uuid", zack.uuid(), "interactWithUuid", group),
                zack).ok();
        assertThat(joined.path("interactWith").asText()).isEqualTo(groupName);
        assertThat(texts(client.get("/group/" + enc(zack.uuid()), zack).ok(), "uuid")).containsExactly(group);
        client.until(() -> client.get("/interact?uuid=" + enc(zack.uuid()), zack),
                reply -> texts(reply.data(), "Name").contains(groupName), "the group in zack's chat list");

        JsonNode leftGroup = client.delete("/all-interact?Uuid=" + enc(zack.uuid()) + "&InteractWithUuid="
                + enc(group), zack).ok();
        assertThat(leftGroup.path("deletedAt").isTextual()).as(leftGroup.toString()).isTrue();
        assertThat(client.get("/group/" + enc(zack.uuid()), zack).ok()).isEmpty();
        client.delete("/all-interact?Uuid=" + enc(zack.uuid()) + "&InteractWithUuid=" + enc(xena.uuid()), zack).ok();
        client.until(() -> client.get("/interact?uuid=" + enc(zack.uuid()), zack),
                reply -> reply.code() == 0 && reply.data().isEmpty(), "zack's chat list empty again");

        Reply unknown = client.post("/all-interact", Map.of("uuid", zack.uuid(), "interactWithUuid",
                "[usr]00000000-0000-0000-0000-000000000000"), zack);
        assertThat(unknown.code()).as(unknown.body()).isEqualTo(-1);
    }

    @Test
    @Order(5)
    void aDeletedAccountLosesSocketsTokenLoginAndNameButItsMessagesStayReadable() throws Exception {
        User will = client.registerAndLogIn("will");
        client.post("/interact", Map.of("uuid", will.uuid(), "interactWith", xena.username()), will).ok();
        String group = client.post("/group/" + enc(xena.uuid()), Map.of("name", StackClient.uniqueName("crew")),
                xena).ok().path("uuid").asText();
        client.post("/group/join/" + enc(will.uuid()) + "/" + enc(group), null, will).ok();

        LegacySocket x = client.openWithToken(xena);
        LegacySocket w1 = client.openWithToken(will);
        LegacySocket w2 = client.openWithCookie(will);
        try {
            sendAndExpect(will, w1, xena, x, "a last word from will");

            JsonNode deleted = client.delete("/user/" + enc(will.uuid()), will).ok();
            assertThat(deleted.path("deletedAt").isTextual()).as(deleted.toString()).isTrue();

            for (LegacySocket socket : List.of(w1, w2)) {
                Integer code = socket.closeCode().orTimeout(FRAME_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .exceptionally(e -> -1).join();
                assertThat(code).as("the deleted account's sockets are closed").isEqualTo(1008);
            }
            assertThat(client.get("/user/" + enc(xena.uuid()), will).status()).as("token refused").isEqualTo(401);
            Reply login = client.post("/user/login", Map.of("username", will.username(), "password",
                    will.password()), null);
            assertThat(login.code()).as(login.body()).isEqualTo(-1);

            Reply again = client.post("/user/register", Map.of("username", will.username(), "password",
                    "another-password", "nickname", "new will"), null);
            assertThat(again.ok().path("uuid").asText()).isNotEqualTo(will.uuid());

            assertThat(contactNames(xena)).doesNotContain(will.username());
            client.until(() -> client.get("/group/user/" + enc(group), xena),
                    reply -> reply.code() == 0 && !texts(reply.data(), "uuid").contains(will.uuid()),
                    "will left the group");

            JsonNode history = client.until(() -> client.get(directHistory(xena, will), xena),
                    reply -> reply.code() == 0 && reply.data().size() == 1
                            && reply.data().get(0).path("fromDeleted").asBoolean(),
                    "will's message shown with the sender deleted").data();
            assertThat(history.get(0).path("content").asText()).isEqualTo("a last word from will");
            assertThat(history.get(0).path("fromUuid").asText()).isEqualTo(will.uuid());
            assertThat(history.get(0).path("fromUsername").asText()).isNotEqualTo(will.username());

            assertThat(client.delete("/user/" + enc(xena.uuid()), yuri).status()).as("self only").isEqualTo(403);
            closeAll(x);
        } finally {
            w1.close();
            w2.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void sendAndExpect(User sender, LegacySocket from, User recipient, LegacySocket to, String content)
            throws Exception {
        from.send(text(sender, recipient, content));
        if ((sender == xena && recipient == yuri) || (sender == yuri && recipient == xena)) {
            conversation.add(content);
        }
        Message frame = to.next(FRAME_TIMEOUT);
        assertThat(frame).as("'" + content + "' delivered").isNotNull();
        assertThat(frame.getFrom()).isEqualTo(sender.uuid());
        assertThat(frame.getTo()).isEqualTo(recipient.uuid());
        assertThat(frame.getContent()).isEqualTo(content);
    }

    private List<String> contactNames(User user) throws Exception {
        return texts(client.get("/user?uuid=" + enc(user.uuid()), user).ok(), "username");
    }

    private static String directHistory(User me, User other) {
        return "/message?Uuid=" + enc(me.uuid()) + "&InteractWith=" + enc(other.uuid()) + "&MessageType=1";
    }
}
