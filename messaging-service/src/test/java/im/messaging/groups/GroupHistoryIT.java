package im.messaging.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.query.history.MessageHistoryRepository;
import im.messaging.support.MessagingIntegrationTest;
import im.platform.web.CallerHeaders;
import im.proto.events.group.GroupRenamed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;

/** GET /message for groups, IM-SDK and go-chat form: members only, from the member's last leave on. */
class GroupHistoryIT extends MessagingIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    MessageHistoryRepository history;

    private ResponseEntity<Map<String, Object>> get(String caller, String query) {
        return http().get().uri("/message?" + query).header(CallerHeaders.USER_ID, caller)
                .retrieve().toEntity(JSON);
    }

    private Map<String, Object> body(String caller, String query) {
        return get(caller, query).getBody();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> data(ResponseEntity<Map<String, Object>> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).containsEntry("code", 0).containsEntry("msg", "SUCCESS");
        return (List<Map<String, Object>>) response.getBody().get("data");
    }

    private List<Map<String, Object>> imSdk(String me, String group) {
        return data(get(me, "Uuid=" + me + "&InteractWith=" + group + "&MessageType=2"));
    }

    private List<Map<String, Object>> goChat(String me, String group, String name) {
        return data(get(me, "Uuid=" + group + "&FriendUsername=" + name + "&MessageType=2"));
    }

    private void send(String from, String group, String text, int expectedCount) {
        publishInbound(groupFrame(from, group, text, ""));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> history.countInConversation(ConversationIds.group(group)) == expectedCount);
    }

    @Test
    void bothFormsListTheGroupsMessagesOldestFirstForAMember() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String group = createdGroup(alice, "crew");
        joined(group, bob);
        send(alice, group, "one", 1);
        send(bob, group, "two", 2);

        List<Map<String, Object>> imSdk = imSdk(bob, group);
        List<Map<String, Object>> goChat = goChat(bob, group, "crew");

        assertThat(imSdk).extracting(i -> i.get("content")).containsExactly("one", "two");
        assertThat(goChat).isEqualTo(imSdk);
        assertThat(imSdk.get(0)).containsEntry("fromUuid", alice).containsEntry("targetUuid", group)
                .containsEntry("fromUserId", alice).containsEntry("toUserId", group)
                .containsEntry("messageType", 2).containsEntry("contentType", 1).containsEntry("seq", 1)
                .containsEntry("fromUsername", usernameOf(alice)).containsEntry("toUsername", "")
                .containsEntry("toGroupName", "crew").containsEntry("avatar", "alice.png")
                .containsEntry("fromDeleted", false).containsEntry("url", "");
        assertThat(imSdk.get(1)).containsEntry("fromUuid", bob).containsEntry("avatar", "bob.png")
                .containsEntry("fromUsername", usernameOf(bob));
        assertThat(imSdk(alice, group)).isEqualTo(imSdk);
    }

    @Test
    void aMemberWhoLeftAndRejoinedSeesOnlyMessagesSinceRejoining() throws InterruptedException {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String group = createdGroup(alice, "crew");
        joined(group, bob);
        send(alice, group, "before", 1);
        Thread.sleep(20);
        left(group, bob, Instant.now(), false);
        Thread.sleep(20);
        send(alice, group, "while away", 2);
        joined(group, bob);
        send(alice, group, "back", 3);

        assertThat(imSdk(bob, group)).extracting(i -> i.get("content")).containsExactly("back");
        assertThat(goChat(bob, group, "crew")).extracting(i -> i.get("content")).containsExactly("back");
        assertThat(imSdk(alice, group)).extracting(i -> i.get("content"))
                .containsExactly("before", "while away", "back");
    }

    @Test
    void aNonMemberAndAFormerMemberAreRefused() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String mallory = registeredUser("mallory");
        String group = createdGroup(alice, "crew");
        joined(group, bob);
        send(alice, group, "members only", 1);
        left(group, bob, Instant.now(), false);

        for (String reader : List.of(mallory, bob)) {
            assertThat(body(reader, "Uuid=" + reader + "&InteractWith=" + group + "&MessageType=2"))
                    .containsEntry("code", -1).containsEntry("msg", "not a member of this group")
                    .containsEntry("data", null);
            assertThat(body(reader, "Uuid=" + group + "&FriendUsername=crew&MessageType=2"))
                    .containsEntry("code", -1).containsEntry("msg", "not a member of this group");
        }
    }

    @Test
    void anUnknownOrClosedGroupDoesNotExist() {
        String alice = registeredUser("alice");
        String closed = createdGroup(alice, "gone");
        left(closed, alice, Instant.now(), true);

        for (String group : List.of(newGroupUuid(), closed, alice)) {
            assertThat(body(alice, "Uuid=" + alice + "&InteractWith=" + group + "&MessageType=2"))
                    .containsEntry("code", -1).containsEntry("msg", "group doesn't exist");
            assertThat(body(alice, "Uuid=" + group + "&FriendUsername=x&MessageType=2"))
                    .containsEntry("code", -1).containsEntry("msg", "group doesn't exist");
        }
    }

    @Test
    void theImSdkFormNamingSomeoneElseAsMeIsForbidden() {
        String alice = registeredUser("alice");
        String mallory = registeredUser("mallory");
        String group = createdGroup(alice, "crew");

        ResponseEntity<Map<String, Object>> response = get(mallory,
                "Uuid=" + alice + "&InteractWith=" + group + "&MessageType=2");

        assertThat(response.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void theItemsNameTheGroupAsItIsNamedNow() {
        String alice = registeredUser("alice");
        String group = createdGroup(alice, "crew");
        send(alice, group, "hello", 1);

        publishGroupEvent(group, 1, GroupRenamed.newBuilder().setGroupUuid(group).setName("new crew")
                .setChangedByUuid(alice).build(), "im.group.GroupRenamed");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> "new crew".equals(imSdk(alice, group).get(0).get("toGroupName")));
    }
}
