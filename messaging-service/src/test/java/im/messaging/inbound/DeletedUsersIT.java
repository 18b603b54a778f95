package im.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.query.history.MessageHistoryRepository;
import im.messaging.support.MessagingIntegrationTest;
import im.platform.web.CallerHeaders;
import im.proto.frames.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;

/** Deleted accounts (UserDeleted): refused on the message path, shown as deleted in history. */
class DeletedUsersIT extends MessagingIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    MessageHistoryRepository history;

    private static boolean isError(Delivery delivery) {
        return "error".equals(delivery.getFrame().getType());
    }

    private void deleted(String uuid) {
        publishUserDeleted(uuid, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM known_users WHERE uuid = :u AND deleted_at IS NOT NULL")
                .param("u", uuid).query(Long.class).single() == 1);
    }

    private Map<String, Object> get(String caller, String query) {
        return http().get().uri("/message?" + query).header(CallerHeaders.USER_ID, caller).retrieve().body(JSON);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> data(Map<String, Object> body) {
        assertThat(body).containsEntry("code", 0);
        return (List<Map<String, Object>>) body.get("data");
    }

    @Test
    void aDeletedRecipientIsUnknown() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        deleted(bob);

        publishInbound(textFrame(alice, bob, "are you there?", ""));

        Delivery error = awaitDeliveries(alice, 1, DeletedUsersIT::isError).get(0);
        assertThat(error.getFrame().getErrorCode()).isEqualTo("unknown_recipient");
        assertThat(error.getFrame().getContent()).isEqualTo("user doesn't exist");
    }

    @Test
    void aFrameFromADeletedSenderIsRefused() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        String group = createdGroup(alice, "crew");
        deleted(alice);

        publishInbound(textFrame(alice, bob, "still in Kafka", ""));
        publishInbound(groupFrame(alice, group, "also in Kafka", ""));

        List<Delivery> errors = awaitDeliveries(alice, 2, DeletedUsersIT::isError);
        assertThat(errors).extracting(d -> d.getFrame().getErrorCode()).containsOnly("account_deleted");
        assertThat(errors.get(0).getFrame().getContent()).isEqualTo("your account was deleted");
        assertThat(deliveriesTo(bob)).isEmpty();
    }

    @Test
    void historyShowsADeletedSenderAsDeletedAndStaysReadableByUuid() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String bobsName = usernameOf(bob);
        contacts(alice, bob);
        publishInbound(textFrame(alice, bob, "hi bob", ""));
        publishInbound(textFrame(bob, alice, "hi alice", ""));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> history.countInConversation(ConversationIds.direct(alice, bob)) == 2);
        deleted(bob);

        List<Map<String, Object>> items = data(get(alice, "Uuid=" + alice + "&InteractWith=" + bob + "&MessageType=1"));

        assertThat(items).extracting(i -> i.get("content")).containsExactly("hi bob", "hi alice");
        assertThat(items.get(0)).containsEntry("fromUuid", alice).containsEntry("fromDeleted", false)
                .containsEntry("fromUsername", usernameOf(alice)).containsEntry("avatar", "alice.png")
                .containsEntry("toUsername", "Deleted account");
        assertThat(items.get(1)).containsEntry("fromUuid", bob).containsEntry("fromDeleted", true)
                .containsEntry("fromUsername", "Deleted account").containsEntry("avatar", "");
        assertThat(get(alice, "Uuid=" + alice + "&FriendUsername=" + bobsName + "&MessageType=1"))
                .containsEntry("code", -1).containsEntry("msg", "user doesn't exist");
    }

    @Test
    void aDeletedUsersNameNamesTheNewAccountThatTookIt() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String bobsName = usernameOf(bob);
        contacts(alice, bob);
        publishInbound(textFrame(alice, bob, "for the old bob", ""));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> history.countInConversation(ConversationIds.direct(alice, bob)) == 1);
        deleted(bob);
        String newBob = newUuid();
        publishRegistered(newBob, bobsName, "");
        awaitKnown(newBob);

        List<Map<String, Object>> items = data(get(alice,
                "Uuid=" + alice + "&FriendUsername=" + bobsName + "&MessageType=1"));

        assertThat(items).isEmpty(); // the new account's (empty) conversation, not the old one
    }

    @Test
    void groupHistoryShowsADeletedSenderAsDeleted() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String group = createdGroup(alice, "crew");
        joined(group, bob);
        publishInbound(groupFrame(bob, group, "bye all", ""));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> history.countInConversation(ConversationIds.group(group)) == 1);
        deleted(bob);

        List<Map<String, Object>> items = data(get(alice, "Uuid=" + alice + "&InteractWith=" + group + "&MessageType=2"));

        assertThat(items).singleElement().satisfies(item -> assertThat(item)
                .containsEntry("fromUuid", bob).containsEntry("fromDeleted", true)
                .containsEntry("fromUsername", "Deleted account").containsEntry("avatar", "")
                .containsEntry("toGroupName", "crew"));
    }
}
