package im.messaging.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.support.MessagingIntegrationTest;
import im.platform.web.CallerHeaders;
import im.proto.Message;
import im.proto.events.EventEnvelope;
import im.proto.frames.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * IM-SDK-Server's message routes over messages stored through Kafka: edit, delete for everyone, delete for me,
 * get one, forward; each change is seen live (a typed frame queued for every participant) and in the history.
 */
class LegacyMessageLifecycleIT extends MessagingIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private ResponseEntity<Map<String, Object>> call(String method, String caller, String path, Object body) {
        var request = http().method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .header(CallerHeaders.USER_ID, caller);
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.retrieve().toEntity(JSON);
    }

    private static String query(String id, String me, int messageType, String with) {
        return "?ID=" + id + "&Uuid=" + me + "&MessageType=" + messageType + "&InteractWith=" + with;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(ResponseEntity<Map<String, Object>> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).as(String.valueOf(response.getBody())).containsEntry("code", 0);
        return (Map<String, Object>) response.getBody().get("data");
    }

    private static void refused(ResponseEntity<Map<String, Object>> response, String msg) {
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).containsEntry("code", -1).containsEntry("msg", msg);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> history(String me, int messageType, String with) {
        ResponseEntity<Map<String, Object>> response = call("GET", me,
                "/message?Uuid=" + me + "&InteractWith=" + with + "&MessageType=" + messageType, null);
        assertThat(response.getBody()).containsEntry("code", 0);
        return (List<Map<String, Object>>) response.getBody().get("data");
    }

    private List<Delivery> framesOfType(String recipient, String type, int count) {
        return awaitDeliveries(recipient, count, delivery -> delivery.getFrame().getType().equals(type));
    }

    @Test
    void theAuthorEditsAndEveryParticipantSeesItLiveAndInHistory() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "helo");
        StoredMessage message = stored(ConversationIds.direct(alice, bob), "helo");

        Map<String, Object> edited = data(call("PUT", alice, "/message/id" + query(String.valueOf(message.id()),
                alice, 1, bob), Map.of("content", "hello")));

        assertThat(edited).containsEntry("content", "hello").containsEntry("edited", true)
                .containsEntry("messageId", message.messageId());
        for (String participant : List.of(alice, bob)) {
            Message frame = framesOfType(participant, "edit", 1).get(0).getFrame();
            assertThat(frame.getMessageId()).isEqualTo(message.messageId());
            assertThat(frame.getSeq()).isEqualTo(message.seq());
            assertThat(frame.getContent()).isEqualTo("hello");
            assertThat(frame.getFrom()).isEqualTo(alice);
            assertThat(frame.getTo()).isEqualTo(bob);
            assertThat(frame.getInboxSeq()).as("queued in the inbox").isPositive();
        }
        assertThat(history(bob, 1, alice)).singleElement()
                .satisfies(item -> assertThat(item).containsEntry("content", "hello").containsEntry("edited", true));
        await().atMost(Duration.ofSeconds(20)).until(() -> messageEvents().matching(record -> {
            try {
                EventEnvelope envelope = EventEnvelope.parseFrom(record.value());
                return envelope.getEventType().equals("im.message.MessageEdited")
                        && envelope.getAggregateId().equals(ConversationIds.direct(alice, bob));
            } catch (Exception e) {
                return false;
            }
        }).size() == 1);
    }

    @Test
    void onlyTheAuthorMayEditAndTheTextFollowsTheRules() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "mine");
        StoredMessage message = stored(ConversationIds.direct(alice, bob), "mine");

        refused(call("PUT", bob, "/message/id" + query(message.messageId(), bob, 1, alice), Map.of("content", "x")),
                "only the author can edit a message");
        refused(call("PUT", alice, "/message/id" + query(message.messageId(), alice, 1, bob), Map.of("content", " ")),
                "the message text is empty");
        assertThat(history(alice, 1, bob)).extracting(item -> item.get("content")).containsExactly("mine");
    }

    @Test
    void deleteForEveryoneTakesItOutOfEveryonesHistoryAndTellsEverySocket() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "oops", "fine");
        StoredMessage oops = stored(ConversationIds.direct(alice, bob), "oops");

        refused(call("DELETE", bob, "/message/id/delete-all" + query(oops.messageId(), bob, 1, alice), null),
                "only the author (or a group admin) can delete a message for everyone");
        Map<String, Object> echo = data(call("DELETE", alice,
                "/message/id/delete-all" + query(String.valueOf(oops.id()), alice, 1, bob), null));

        assertThat(echo).containsEntry("id", (int) oops.id()).containsEntry("uuid", alice)
                .containsEntry("messageType", 1).containsEntry("interactWith", bob);
        for (String participant : List.of(alice, bob)) {
            Message frame = framesOfType(participant, "delete", 1).get(0).getFrame();
            assertThat(frame.getMessageId()).isEqualTo(oops.messageId());
            assertThat(frame.getContent()).isEmpty();
            assertThat(history(participant, 1, participant.equals(alice) ? bob : alice))
                    .extracting(item -> item.get("content")).containsExactly("fine");
        }
        refused(call("GET", bob, "/message/id" + query(oops.messageId(), bob, 1, alice), null),
                "message doesn't exist");
    }

    @Test
    void deleteForMeHidesItForTheCallerOnlyAndTellsTheirOtherDevices() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "keep it", "hide it");
        StoredMessage hidden = stored(ConversationIds.direct(alice, bob), "hide it");

        data(call("DELETE", bob, "/message/id/delete-self" + query(hidden.messageId(), bob, 1, alice), null));

        assertThat(history(bob, 1, alice)).extracting(item -> item.get("content")).containsExactly("keep it");
        assertThat(history(alice, 1, bob)).extracting(item -> item.get("content"))
                .containsExactly("keep it", "hide it");
        Message frame = framesOfType(bob, "hide", 1).get(0).getFrame();
        assertThat(frame.getMessageId()).isEqualTo(hidden.messageId());
        assertThat(deliveriesTo(alice)).noneMatch(delivery -> delivery.getFrame().getType().equals("hide"));
        // and alice hides the same message independently (not a single column any more)
        data(call("DELETE", alice, "/message/id/delete-self" + query(hidden.messageId(), alice, 1, bob), null));
        assertThat(history(alice, 1, bob)).extracting(item -> item.get("content")).containsExactly("keep it");
    }

    @Test
    void oneMessageIsReadableByItsParticipantsOnly() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String carol = registeredUser("carol");
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "between us");
        StoredMessage message = stored(ConversationIds.direct(alice, bob), "between us");

        assertThat(data(call("GET", bob, "/message/id" + query(String.valueOf(message.id()), bob, 1, alice), null)))
                .containsEntry("content", "between us").containsEntry("fromUuid", alice);
        refused(call("GET", carol, "/message/id" + query(message.messageId(), carol, 1, alice), null),
                "message doesn't exist");
        assertThat(call("GET", carol, "/message/id" + query(message.messageId(), alice, 1, bob), null)
                .getStatusCode().value()).as("Uuid must be the caller").isEqualTo(403);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aForwardIsSentByTheForwarderToEachTargetWithItsOwnMessageType() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String carol = registeredUser("carol");
        String dave = registeredUser("dave");
        contacts(alice, bob);
        contacts(bob, carol);
        String group = createdGroup(bob, "crew");
        joined(group, dave);
        sendAndAwaitStored(alice, bob, "worth sharing");
        StoredMessage source = stored(ConversationIds.direct(alice, bob), "worth sharing");

        Map<String, Object> last = data(call("POST", bob, "/forward" + query(source.messageId(), bob, 1, alice),
                Map.of("targets", List.of(carol, group))));

        assertThat(last).containsEntry("fromUuid", bob).containsEntry("targetUuid", group)
                .containsEntry("messageType", 2).containsEntry("forwarded", true)
                .containsEntry("content", "worth sharing");
        assertThat((List<Object>) last.get("forwardedTo")).hasSize(2);
        Message toCarol = awaitDeliveries(carol, 1, delivery -> delivery.getFrame().getType().isEmpty()).get(0)
                .getFrame();
        assertThat(toCarol.getFrom()).isEqualTo(bob);
        assertThat(toCarol.getMessageType()).isEqualTo(1);
        assertThat(toCarol.getForwarded()).isTrue();
        Message toDave = awaitDeliveries(dave, 1, delivery -> delivery.getFrame().getType().isEmpty()).get(0)
                .getFrame();
        assertThat(toDave.getFrom()).isEqualTo(group);
        assertThat(toDave.getTo()).isEqualTo(bob);
        assertThat(toDave.getMessageType()).isEqualTo(2);
        assertThat(toDave.getContent()).isEqualTo("worth sharing");
        assertThat(history(dave, 2, group)).extracting(item -> item.get("content")).containsExactly("worth sharing");

        // again: stored once per target (a retried request sends nothing new)
        data(call("POST", bob, "/forward" + query(source.messageId(), bob, 1, alice),
                Map.of("targets", List.of(carol))));
        assertThat(history(carol, 1, bob)).hasSize(1);
    }

    @Test
    void aForwardToSomeoneTheForwarderMayNotWriteToSendsNothing() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String stranger = registeredUser("stranger");
        String carol = registeredUser("carol");
        contacts(alice, bob);
        contacts(bob, carol);
        sendAndAwaitStored(alice, bob, "private");
        StoredMessage source = stored(ConversationIds.direct(alice, bob), "private");

        refused(call("POST", bob, "/forward" + query(source.messageId(), bob, 1, alice),
                Map.of("targets", List.of(carol, stranger))), "you can only message your contacts");
        refused(call("POST", bob, "/forward" + query(source.messageId(), bob, 1, alice),
                Map.of("targets", List.of())), "targets must name at least one user or group");

        assertThat(history(carol, 1, bob)).as("all targets are checked before any copy is sent").isEmpty();
    }

    @Test
    void anEditDoesNotReachAMemberWhoCannotSeeTheMessage() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String group = createdGroup(alice, "windowed");
        joined(group, bob);
        left(group, bob, java.time.Instant.now(), false);
        publishInbound(groupFrame(alice, group, "said while bob was away", ""));
        await().atMost(Duration.ofSeconds(20)).until(() -> history(alice, 2, group).size() == 1);
        joined(group, bob);
        StoredMessage message = stored(ConversationIds.group(group), "said while bob was away");

        data(call("PUT", alice, "/message/id" + query(message.messageId(), alice, 2, group),
                Map.of("content", "edited while bob is back")));

        assertThat(framesOfType(alice, "edit", 1).get(0).getFrame().getContent()).isEqualTo("edited while bob is back");
        // a later message to bob comes after anything the edit queued for him (one processor, one partition per user)
        publishInbound(groupFrame(alice, group, "marker", ""));
        awaitDeliveries(bob, 1, delivery -> delivery.getFrame().getContent().equals("marker"));
        assertThat(deliveriesTo(bob)).as("bob re-joined after it was sent: not his to see")
                .noneMatch(delivery -> delivery.getFrame().getType().equals("edit"));
        assertThat(history(bob, 2, group)).extracting(item -> item.get("content")).containsExactly("marker");
    }

    @Test
    void aMessageDeletedForEveryoneCannotBeEdited() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "gone soon");
        StoredMessage message = stored(ConversationIds.direct(alice, bob), "gone soon");
        data(call("DELETE", alice, "/message/id/delete-all" + query(message.messageId(), alice, 1, bob), null));

        refused(call("PUT", alice, "/message/id" + query(message.messageId(), alice, 1, bob),
                Map.of("content", "back")), "the message was deleted");
    }

    @Test
    void aGroupAdminDeletesAMembersMessageAndEveryMemberIsTold() {
        String owner = registeredUser("owner");
        String member = registeredUser("member");
        String other = registeredUser("other");
        String group = createdGroup(owner, "moderated");
        joined(group, member);
        joined(group, other);
        publishInbound(groupFrame(member, group, "spam", ""));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> history(owner, 2, group).size() == 1);
        StoredMessage spam = stored(ConversationIds.group(group), "spam");

        refused(call("DELETE", other, "/message/id/delete-all" + query(spam.messageId(), other, 2, group), null),
                "only the author (or a group admin) can delete a message for everyone");
        data(call("DELETE", owner, "/message/id/delete-all" + query(spam.messageId(), owner, 2, group), null));

        for (String participant : List.of(owner, member, other)) {
            Message frame = framesOfType(participant, "delete", 1).get(0).getFrame();
            assertThat(frame.getFrom()).as("re-addressed: from the group").isEqualTo(group);
            assertThat(frame.getTo()).isEqualTo(member);
            assertThat(history(participant, 2, group)).isEmpty();
        }
    }
}
