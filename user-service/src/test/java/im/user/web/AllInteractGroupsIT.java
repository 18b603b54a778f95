package im.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.platform.web.CallerHeaders;
import im.proto.events.group.GroupCreated;
import im.proto.events.group.MemberJoined;
import im.proto.events.group.MemberLeft;
import im.user.UserServiceIntegrationTest;
import im.user.support.GroupServiceStandIn;
import im.user.support.GroupServiceStandIn.Request;
import im.user.support.GroupServiceStandIn.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * The group half of {@code /all-interact}: user-service joins and leaves through group-service's legacy routes on
 * the caller's behalf. group-service is a stand-in HTTP server here; where it accepts, it also publishes the group
 * events on the embedded Kafka, as the real one does, so the known groups follow.
 */
class AllInteractGroupsIT extends UserServiceIntegrationTest {

    private static final String JOINED_AT = "2026-05-06T07:08:09.123Z";

    private final GroupServiceStandIn groupService = GroupServiceStandIn.get();

    @Test
    void joiningByGroupIdGoesThroughGroupServiceAsTheCallerAndListsTheGroupAtOnce() {
        String name = uniqueName("luffy");
        JsonNode me = register(name, "secret-pw");
        String myUuid = me.get("uuid").asString();
        JsonNode friend = register(uniqueName("friend"), "secret-pw");
        post("/friend", myUuid, Map.of("uuid", myUuid, "friendUsername", friend.get("username").asString()));
        String group = existingGroup("crew");
        groupService.respond(joinAccepting(group, "crew name"));

        JsonNode row = ok(allInteract(HttpMethod.POST, "/all-interact", myUuid, name,
                Map.of("uuid", myUuid, "interactWithUuid", group)));

        List<Request> calls = groupService.requests();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).method()).isEqualTo("POST");
        assertThat(calls.get(0).path()).isEqualTo("/group/join/" + myUuid + "/" + group);
        assertThat(calls.get(0).userId()).isEqualTo(myUuid);
        assertThat(calls.get(0).username()).isEqualTo(name);
        assertThat(row.get("id").asLong()).as(row.toString()).isPositive();
        assertThat(row.get("createdAt").asString()).isEqualTo(JOINED_AT);
        assertThat(row.get("deletedAt").isNull()).isTrue();
        assertThat(row.get("userUuid").asString()).isEqualTo(myUuid);
        assertThat(row.get("username").asString()).isEqualTo(name);
        assertThat(row.get("interactWithUuid").asString()).isEqualTo(group);
        assertThat(row.get("interactWith").asString()).isEqualTo("crew name");

        JsonNode chats = ok(get("/interact?uuid={u}", myUuid, myUuid));
        assertThat(chats.valueStream().map(item -> item.get("uuid").asString()).toList())
                .as("users first, then groups; no wait needed").containsExactly(friend.get("uuid").asString(), group);
        JsonNode groupItem = chats.get(1);
        assertThat(groupItem.get("username").asString()).isEmpty();
        assertThat(groupItem.get("avatar").asString()).isEmpty();
        assertThat(groupItem.get("Name").asString()).isEqualTo("crew");
        assertThat(groupItem.get("id").asLong()).isPositive();
    }

    @Test
    void aUsernameThatIsNotPlainAsciiIsNotForwarded() throws Exception {
        String name = "ルフィ-" + UUID.randomUUID().toString().substring(0, 8);
        String myUuid = register(name, "secret-pw").get("uuid").asString();
        String group = existingGroup("thousand sunny");
        groupService.respond(joinAccepting(group, "thousand sunny"));

        // as the gateway sends it: the name's UTF-8 bytes in the header
        JsonNode row = parse(rawPost("/all-interact", myUuid, name,
                JSON.writeValueAsString(Map.of("uuid", myUuid, "interactWithUuid", group)))).get("data");

        assertThat(row.get("username").asString()).isEqualTo(name);
        assertThat(groupService.requests()).hasSize(1);
        assertThat(groupService.requests().get(0).userId()).isEqualTo(myUuid);
        assertThat(groupService.requests().get(0).username()).isNull();
    }

    @Test
    void leavingByGroupIdGoesThroughGroupServiceAndAnswersTheRowWithDeletedAt() {
        String myUuid = register(uniqueName("zoro"), "secret-pw").get("uuid").asString();
        String group = existingGroup("swordsmen");
        groupService.respond(joinAccepting(group, "swordsmen"));
        JsonNode joined = ok(post("/all-interact", myUuid, Map.of("uuid", myUuid, "interactWithUuid", group)));
        groupService.respond(leaveAccepting(group, "swordsmen"));
        Instant before = Instant.now().minusSeconds(1);

        JsonNode row = ok(delete("/all-interact?Uuid={u}&InteractWithUuid={g}", myUuid, myUuid, group));

        List<Request> calls = groupService.requests();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).method()).isEqualTo("DELETE");
        assertThat(calls.get(0).path()).isEqualTo("/group/leave/" + myUuid + "/" + group);
        assertThat(calls.get(0).userId()).isEqualTo(myUuid);
        assertThat(row.get("id").asLong()).isEqualTo(joined.get("id").asLong());
        assertThat(row.get("interactWithUuid").asString()).isEqualTo(group);
        assertThat(row.get("interactWith").asString()).isEqualTo("swordsmen");
        assertThat(Instant.parse(row.get("deletedAt").asString())).isAfter(before);
        assertThat(ok(get("/interact?uuid={u}", myUuid, myUuid))).isEmpty();
    }

    @Test
    void aBareUuidOfAKnownGroupIsThatGroup() {
        String myUuid = register(uniqueName("nami"), "secret-pw").get("uuid").asString();
        String group = existingGroup("navigators");
        groupService.respond(joinAccepting(group, "navigators"));

        JsonNode row = ok(post("/all-interact", myUuid,
                Map.of("uuid", myUuid, "interactWithUuid", group.substring(5).toUpperCase())));

        assertThat(row.get("interactWithUuid").asString()).isEqualTo(group);
        assertThat(groupService.requests().get(0).path()).isEqualTo("/group/join/" + myUuid + "/" + group);
    }

    @Test
    void groupServicesBusinessErrorsPassThroughUnchanged() {
        String myUuid = register(uniqueName("usopp"), "secret-pw").get("uuid").asString();
        String group = newGroupUuid();
        for (String msg : List.of("already joined the group", "the group is full", "group doesn't exist",
                "user not joined the group yet")) {
            groupService.respond(request -> Response.refused(msg));
            assertThat(post("/all-interact", myUuid, Map.of("uuid", myUuid, "interactWithUuid", group)).getBody())
                    .isEqualTo("{\"code\":-1,\"msg\":\"" + msg + "\",\"data\":null}");
            assertThat(refused(delete("/all-interact?Uuid={u}&InteractWithUuid={g}", myUuid, myUuid, group)))
                    .isEqualTo(msg);
        }
        // IM_LEGACY_ERROR_STATUS=400 on group-service's side: the same business error
        groupService.respond(request -> new Response(400,
                "{\"code\":-1,\"msg\":\"already joined the group\",\"data\":null}"));
        assertThat(refused(post("/all-interact", myUuid, Map.of("uuid", myUuid, "interactWithUuid", group))))
                .isEqualTo("already joined the group");
        assertThat(ok(get("/interact?uuid={u}", myUuid, myUuid))).isEmpty();
    }

    @Test
    void anUnreachableOrBrokenGroupServiceIsABusinessErrorNotAServerError() {
        String myUuid = register(uniqueName("brook"), "secret-pw").get("uuid").asString();
        String group = newGroupUuid();
        List<Function<Request, Response>> failures = List.of(
                request -> Response.DROP,
                request -> new Response(500, "{\"code\":-1,\"msg\":\"internal server error\",\"data\":null}"),
                request -> new Response(502, "<html>bad gateway</html>"),
                request -> new Response(200, "not json"),
                request -> new Response(200, "{\"unexpected\":true}"));
        for (Function<Request, Response> failure : failures) {
            groupService.respond(failure);
            ResponseEntity<String> join = post("/all-interact", myUuid, Map.of("uuid", myUuid, "interactWithUuid", group));
            ResponseEntity<String> leave = delete("/all-interact?Uuid={u}&InteractWithUuid={g}", myUuid, myUuid, group);
            assertThat(join.getStatusCode().value()).isEqualTo(200);
            assertThat(join.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"group service unavailable\",\"data\":null}");
            assertThat(leave.getBody()).isEqualTo(join.getBody());
        }
    }

    @Test
    void aForbiddenAnswerOfGroupServiceStaysForbidden() {
        String myUuid = register(uniqueName("jinbe"), "secret-pw").get("uuid").asString();
        groupService.respond(request -> new Response(403, "{\"code\":-1,\"msg\":\"forbidden\",\"data\":null}"));
        assertThat(post("/all-interact", myUuid, Map.of("uuid", myUuid, "interactWithUuid", newGroupUuid()))
                .getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void aDeletedAccountCannotJoinThroughUserService() {
        String myUuid = register(uniqueName("ghost"), "secret-pw").get("uuid").asString();
        delete("/user/{u}", myUuid, myUuid);
        groupService.respond(request -> Response.refused("unexpected call"));

        assertThat(refused(post("/all-interact", myUuid, Map.of("uuid", myUuid, "interactWithUuid", newGroupUuid()))))
                .isEqualTo("user doesn't exist");
        assertThat(groupService.requests()).isEmpty();
    }

    // ---- helpers ----

    /** A group that group-service created a while ago (its GroupCreated reached user-service). */
    private String existingGroup(String name) {
        String group = newGroupUuid();
        publishGroupEvent(group, 0, GroupCreated.newBuilder().setGroupUuid(group).setCreatorUuid("[usr]" + UUID.randomUUID())
                .setName(name).setCreatedAtMs(System.currentTimeMillis()).setRole("owner").build());
        awaitGroupSequence(group, 0);
        return group;
    }

    /** Accepts a join as group-service does: publishes MemberJoined, then answers the GroupMember. */
    private Function<Request, Response> joinAccepting(String group, String name) {
        AtomicLong sequence = new AtomicLong(currentSequence(group));
        return request -> {
            String user = request.path().substring("/group/join/".length(), request.path().lastIndexOf('/'));
            publishGroupEvent(group, sequence.incrementAndGet(), MemberJoined.newBuilder().setGroupUuid(group)
                    .setUserUuid(user).setRole("member").setJoinedAtMs(Instant.parse(JOINED_AT).toEpochMilli()).build());
            return Response.ok("{\"id\":7,\"joinedAt\":\"" + JOINED_AT + "\",\"leftAt\":null,\"groupUuid\":\"" + group
                    + "\",\"name\":\"" + name + "\",\"userUuid\":\"" + user + "\",\"username\":\"x\",\"mute\":0}");
        };
    }

    /** Accepts a leave as group-service does: publishes MemberLeft, then answers the GroupInfo. */
    private Function<Request, Response> leaveAccepting(String group, String name) {
        AtomicLong sequence = new AtomicLong(currentSequence(group));
        return request -> {
            String user = request.path().substring("/group/leave/".length(), request.path().lastIndexOf('/'));
            publishGroupEvent(group, sequence.incrementAndGet(), MemberLeft.newBuilder().setGroupUuid(group)
                    .setUserUuid(user).setLeftAtMs(System.currentTimeMillis()).build());
            return Response.ok("{\"id\":3,\"uuid\":\"" + group + "\",\"name\":\"" + name
                    + "\",\"notice\":\"\",\"creator\":\"someone\",\"createdAt\":null,\"members\":[]}");
        };
    }

    private long currentSequence(String group) {
        return jdbc.sql("SELECT last_sequence FROM known_groups WHERE uuid = ?").param(group).query(Long.class).single();
    }

    /** A POST written byte by byte, so the username header carries UTF-8 bytes as the gateway's does. */
    private String rawPost(String path, String callerUuid, String callerName, String json) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            var out = new java.io.ByteArrayOutputStream();
            out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-IM-User-Id: " + callerUuid
                    + "\r\nX-IM-Username: ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(callerName.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(("\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(body);
            socket.getOutputStream().write(out.toByteArray());
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            String content = response.substring(response.indexOf("\r\n\r\n") + 4);
            return content.substring(content.indexOf('{'), content.lastIndexOf('}') + 1);
        }
    }

    private ResponseEntity<String> allInteract(HttpMethod method, String path, String callerUuid, String callerName,
                                               Object body) {
        return client().method(method).uri(path)
                .header(CallerHeaders.USER_ID, callerUuid)
                .header(CallerHeaders.USERNAME, callerName)
                .contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(body))
                .retrieve().toEntity(String.class);
    }
}
