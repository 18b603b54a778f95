package im.messaging.web.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.support.MessagingIntegrationTest;
import im.platform.web.CallerHeaders;
import im.proto.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The v1 sync API: conversations, pages after a seq, tombstones, gone history, read positions, problems. */
class ConversationApiIT extends MessagingIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private ResponseEntity<Map<String, Object>> call(HttpMethod method, String caller, String path, Object body) {
        var request = http().method(method).uri(path).header(CallerHeaders.USER_ID, caller);
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.retrieve().toEntity(JSON);
    }

    private Map<String, Object> ok(ResponseEntity<Map<String, Object>> response) {
        assertThat(response.getStatusCode().is2xxSuccessful()).as(String.valueOf(response.getBody())).isTrue();
        return response.getBody();
    }

    private static void problem(ResponseEntity<Map<String, Object>> response, int status, String code) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(response.getBody()).containsEntry("status", status).containsEntry("code", code)
                .containsKey("detail");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("messages");
    }

    @Test
    @SuppressWarnings("unchecked")
    void myConversationsCarryTheirLastSeqAndReadPositions() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        String group = createdGroup(alice, "team");
        sendAndAwaitStored(alice, bob, "one", "two", "three");

        ok(call(HttpMethod.PUT, bob, "/api/v1/conversations/" + alice + "/read", Map.of("seq", 2)));

        List<Map<String, Object>> aliceSees = (List<Map<String, Object>>) ok(call(HttpMethod.GET, alice,
                "/api/v1/conversations", null)).get("conversations");
        assertThat(aliceSees).extracting(c -> c.get("with")).containsExactlyInAnyOrder(bob, group);
        Map<String, Object> withBob = aliceSees.stream().filter(c -> bob.equals(c.get("with"))).findFirst().orElseThrow();
        assertThat(withBob).containsEntry("messageType", 1).containsEntry("lastSeq", 3).containsEntry("readSeq", 0)
                .containsEntry("peerReadSeq", 2).containsEntry("name", usernameOf(bob));
        Map<String, Object> withGroup = aliceSees.stream().filter(c -> group.equals(c.get("with"))).findFirst()
                .orElseThrow();
        assertThat(withGroup).containsEntry("messageType", 2).containsEntry("lastSeq", 0)
                .containsEntry("name", "team");
        Message read = awaitDeliveries(alice, 1, delivery -> delivery.getFrame().getType().equals("read")).get(0)
                .getFrame();
        assertThat(read.getFrom()).isEqualTo(bob);
        assertThat(read.getSeq()).isEqualTo(2);
    }

    @Test
    void pagesAfterASeqAccountForEverySeq() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "m1", "m2", "m3", "m4");
        String m2 = stored(ConversationIds.direct(alice, bob), "m2").messageId();
        String m3 = stored(ConversationIds.direct(alice, bob), "m3").messageId();
        assertThat(call(HttpMethod.DELETE, alice, "/api/v1/conversations/" + bob + "/messages/" + m2 + "?for=everyone",
                null).getStatusCode().value()).isEqualTo(204);
        assertThat(call(HttpMethod.DELETE, bob, "/api/v1/conversations/" + alice + "/messages/" + m3 + "?for=me",
                null).getStatusCode().value()).isEqualTo(204);

        Map<String, Object> first = ok(call(HttpMethod.GET, bob,
                "/api/v1/conversations/" + alice + "/messages?after=0&limit=2", null));
        Map<String, Object> second = ok(call(HttpMethod.GET, bob,
                "/api/v1/conversations/" + alice + "/messages?after=" + first.get("nextAfter") + "&limit=2", null));

        assertThat(first).containsEntry("hasMore", true).containsEntry("nextAfter", 2).containsEntry("lastSeq", 4);
        assertThat(second).containsEntry("hasMore", false).containsEntry("nextAfter", 4);
        assertThat(first.get("gone")).isNull();
        assertThat(messages(first)).extracting(m -> m.get("seq")).containsExactly(1, 2);
        assertThat(messages(second)).extracting(m -> m.get("seq")).containsExactly(3, 4);
        assertThat(messages(first).get(1)).containsEntry("deletedForEveryone", true).containsEntry("content", "");
        assertThat(messages(second).get(0)).containsEntry("hiddenForMe", true).containsEntry("content", "");
        assertThat(messages(second).get(1)).containsEntry("content", "m4").containsEntry("from", alice)
                .containsEntry("hiddenForMe", false);
    }

    @Test
    void historyBeforeTheReadersWindowIsReportedGone() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "before 1", "before 2");
        publishContactLeft(bob, alice, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> activeContacts(alice, bob) == 1);
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "after");

        Map<String, Object> page = ok(call(HttpMethod.GET, bob, "/api/v1/conversations/" + alice + "/messages", null));

        assertThat(messages(page)).extracting(m -> m.get("content")).containsExactly("after");
        assertThat(page.get("gone")).isInstanceOfSatisfying(Map.class, gone -> assertThat(gone)
                .containsEntry("fromSeq", 3).containsEntry("reason", "left_chat"));
        Map<String, Object> aliceView = ok(call(HttpMethod.GET, alice,
                "/api/v1/conversations/" + bob + "/messages", null));
        assertThat(messages(aliceView)).hasSize(3);
        assertThat(aliceView.get("gone")).isNull();
    }

    @Test
    void editAndForwardThroughTheApi() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String carol = registeredUser("carol");
        contacts(alice, bob);
        contacts(alice, carol);
        sendAndAwaitStored(alice, bob, "draft");
        String draft = stored(ConversationIds.direct(alice, bob), "draft").messageId();

        Map<String, Object> edited = ok(call(HttpMethod.PUT, alice, "/api/v1/conversations/" + bob + "/messages/" + draft,
                Map.of("content", "final")));
        Map<String, Object> forwarded = ok(call(HttpMethod.POST, alice,
                "/api/v1/conversations/" + bob + "/messages/" + draft + "/forward", Map.of("targets", List.of(carol))));

        assertThat(edited).containsEntry("content", "final").containsEntry("edited", true)
                .containsEntry("editCount", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> copies = (List<Map<String, Object>>) forwarded.get("forwarded");
        assertThat(copies).singleElement().satisfies(copy -> assertThat(copy)
                .containsEntry("to", carol).containsEntry("messageType", 1).containsEntry("seq", 1));
        Map<String, Object> toCarol = ok(call(HttpMethod.GET, carol, "/api/v1/conversations/" + alice + "/messages",
                null));
        assertThat(messages(toCarol)).singleElement().satisfies(message -> assertThat(message)
                .containsEntry("content", "final").containsEntry("forwarded", true).containsEntry("from", alice));
    }

    @Test
    void errorsAreProblemDocuments() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String carol = registeredUser("carol");
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "hi");
        String hi = stored(ConversationIds.direct(alice, bob), "hi").messageId();

        problem(call(HttpMethod.GET, alice, "/api/v1/conversations/" + bob + "/messages/" + java.util.UUID.randomUUID(),
                null), 404, "unknown_message");
        problem(call(HttpMethod.PUT, bob, "/api/v1/conversations/" + alice + "/messages/" + hi,
                Map.of("content", "mine")), 403, "not_author");
        problem(call(HttpMethod.DELETE, alice, "/api/v1/conversations/" + bob + "/messages/" + hi + "?for=nobody",
                null), 400, "invalid_scope");
        problem(call(HttpMethod.GET, carol, "/api/v1/conversations/" + alice + "/messages/" + hi, null),
                404, "unknown_message");
        problem(call(HttpMethod.GET, alice, "/api/v1/conversations/" + ConversationIds.GROUP_PREFIX
                + java.util.UUID.randomUUID() + "/messages", null), 404, "unknown_group");
        problem(call(HttpMethod.GET, alice, "/api/v1/conversations/" + bob + "/messages?limit=0", null),
                400, "invalid_limit");
        problem(call(HttpMethod.PUT, alice, "/api/v1/conversations/" + bob + "/read", Map.of("seq", 0)),
                400, "invalid_seq");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentDescribesTheApi() {
        Map<String, Object> document = ok(call(HttpMethod.GET, registeredUser("reader"), "/api/v1/openapi", null));

        assertThat((String) document.get("openapi")).startsWith("3.");
        assertThat(((Map<String, Object>) document.get("paths")).keySet()).contains(
                "/api/v1/conversations", "/api/v1/conversations/{with}/messages",
                "/api/v1/conversations/{with}/messages/{messageId}",
                "/api/v1/conversations/{with}/messages/{messageId}/forward", "/api/v1/conversations/{with}/read",
                "/api/v1/calls/ice-servers")
                .allMatch(path -> path.startsWith("/api/v1/"));
    }
}
