package im.messaging.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.query.history.MessageHistoryRepository;
import im.messaging.support.MessagingIntegrationTest;
import im.platform.web.CallerHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;

/** GET /message in the IM-SDK and the go-chat form, over messages sent through Kafka. */
class LegacyMessageControllerIT extends MessagingIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    MessageHistoryRepository history;

    private ResponseEntity<Map<String, Object>> get(String caller, String query) {
        return http().get().uri("/message?" + query).header(CallerHeaders.USER_ID, caller)
                .retrieve().toEntity(JSON);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> data(ResponseEntity<Map<String, Object>> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).containsEntry("code", 0).containsEntry("msg", "SUCCESS");
        return (List<Map<String, Object>>) response.getBody().get("data");
    }

    /** alice -> bob "first", bob -> alice "second", alice -> bob "third"; waits until the history has them. */
    private void conversation(String alice, String bob) {
        contacts(alice, bob);
        publishInbound(textFrame(alice, bob, "first", ""));
        publishInbound(textFrame(bob, alice, "second", ""));
        publishInbound(textFrame(alice, bob, "third", ""));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> history.countInConversation(ConversationIds.direct(alice, bob)) == 3);
    }

    @Test
    void theImSdkFormListsTheConversationOldestFirst() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        conversation(alice, bob);

        List<Map<String, Object>> items = data(get(alice, "Uuid=" + alice + "&InteractWith=" + bob + "&MessageType=1"));

        assertThat(items).extracting(i -> i.get("content")).containsExactly("first", "second", "third");
        assertThat(items).extracting(i -> i.get("seq")).containsExactly(1, 2, 3);
        Map<String, Object> first = items.get(0);
        assertThat(first).containsEntry("fromUuid", alice).containsEntry("targetUuid", bob)
                .containsEntry("fromUserId", alice).containsEntry("toUserId", bob)
                .containsEntry("contentType", 1).containsEntry("messageType", 1)
                .containsEntry("fromUsername", usernameOf(alice)).containsEntry("toUsername", usernameOf(bob))
                .containsEntry("toGroupName", "").containsEntry("avatar", "alice.png").containsEntry("url", "");
        assertThat(first.get("id")).isInstanceOf(Number.class);
        assertThat((String) first.get("messageId")).isNotBlank();
        assertThat(first.get("createAt")).isEqualTo(first.get("createdAt"));
        assertThat(Instant.parse((String) first.get("createdAt"))).isBefore(Instant.now().plusSeconds(1));
        assertThat((String) first.get("createdAt")).endsWith("Z");
        assertThat(items.get(1)).containsEntry("fromUuid", bob).containsEntry("avatar", "bob.png")
                .containsEntry("fromUsername", usernameOf(bob));
    }

    @Test
    void theGoChatFormFindsTheOtherPartyByUsername() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        conversation(alice, bob);

        List<Map<String, Object>> imSdk = data(get(bob, "Uuid=" + bob + "&InteractWith=" + alice + "&MessageType=1"));
        List<Map<String, Object>> goChat = data(get(bob,
                "Uuid=" + bob + "&FriendUsername=" + usernameOf(alice) + "&MessageType=1"));

        assertThat(goChat).extracting(i -> i.get("content")).containsExactly("first", "second", "third");
        assertThat(goChat).isEqualTo(imSdk);
    }

    @Test
    void aLimitReturnsTheLatestMessagesOldestFirst() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        conversation(alice, bob);

        List<Map<String, Object>> items = data(get(alice,
                "Uuid=" + alice + "&InteractWith=" + bob + "&MessageType=1&limit=2"));

        assertThat(items).extracting(i -> i.get("content")).containsExactly("second", "third");
    }

    @Test
    void anEmptyConversationIsAnEmptyList() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");

        ResponseEntity<String> response = http().get()
                .uri("/message?Uuid={a}&InteractWith={b}&MessageType=1", alice, bob)
                .header(CallerHeaders.USER_ID, alice).retrieve().toEntity(String.class);

        assertThat(response.getBody()).isEqualTo("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":[]}");
    }

    @Test
    void anotherUsersHistoryIsForbidden() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        conversation(alice, bob);
        String mallory = registeredUser("mallory");

        ResponseEntity<Map<String, Object>> response = get(mallory,
                "Uuid=" + alice + "&InteractWith=" + bob + "&MessageType=1");

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody()).containsEntry("code", -1).containsEntry("msg", "forbidden");
    }

    @Test
    void withoutACallerTheAnswerIsUnauthorized() {
        String alice = newUuid();
        ResponseEntity<String> response = http().get()
                .uri("/message?Uuid={a}&InteractWith={b}&MessageType=1", alice, newUuid())
                .retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void anUnknownOtherUserIsABusinessError() {
        String alice = registeredUser("alice");

        Map<String, Object> byUuid = get(alice, "Uuid=" + alice + "&InteractWith=" + newUuid() + "&MessageType=1")
                .getBody();
        Map<String, Object> byName = get(alice, "Uuid=" + alice + "&FriendUsername=nobody-at-all&MessageType=1")
                .getBody();

        assertThat(byUuid).containsEntry("code", -1).containsEntry("msg", "user doesn't exist");
        assertThat(byName).isEqualTo(byUuid);
    }

    @Test
    void anUnsupportedMessageTypeIsABusinessError() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");

        Map<String, Object> unsupported = get(alice, "Uuid=" + alice + "&InteractWith=" + bob + "&MessageType=3")
                .getBody();

        assertThat(unsupported).containsEntry("code", -1).containsEntry("msg", "query type not supported");
    }

    @Test
    void aNulCharacterInAnIdIsAnUnknownUserNotAServerError() {
        String alice = registeredUser("alice");

        ResponseEntity<Map<String, Object>> response = http().get()
                .uri("/message?Uuid={a}&InteractWith={b}&MessageType=1", alice, newUuid() + "\u0000")
                .header(CallerHeaders.USER_ID, alice).retrieve().toEntity(JSON);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).containsEntry("code", -1).containsEntry("msg", "user doesn't exist");
    }

    @Test
    void afterLeavingAChatTheLeaverSeesOnlyLaterMessagesAndTheOtherSideEverything() throws InterruptedException {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        conversation(alice, bob);
        Thread.sleep(20);
        publishContactLeft(alice, bob, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> activeContacts(alice, bob) == 1);
        Thread.sleep(20);
        contacts(alice, bob); // re-added: the leave window stays
        publishInbound(textFrame(bob, alice, "after the leave", ""));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> history.countInConversation(ConversationIds.direct(alice, bob)) == 4);

        List<Map<String, Object>> alicesView = data(get(alice,
                "Uuid=" + alice + "&InteractWith=" + bob + "&MessageType=1"));
        List<Map<String, Object>> bobsView = data(get(bob,
                "Uuid=" + bob + "&FriendUsername=" + usernameOf(alice) + "&MessageType=1"));

        assertThat(alicesView).extracting(i -> i.get("content")).containsExactly("after the leave");
        assertThat(bobsView).extracting(i -> i.get("content"))
                .containsExactly("first", "second", "third", "after the leave");
    }
}
