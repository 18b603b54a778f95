package im.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import im.platform.axon.DomainCommands;
import im.platform.security.TokenService;
import im.platform.web.DomainException;
import im.user.UserServiceIntegrationTest;
import im.user.api.RegisterUser;
import im.user.api.UserErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

class LegacyUserApiIT extends UserServiceIntegrationTest {

    @Autowired
    TokenService tokenService;
    @Autowired
    CommandGateway commandGateway;

    @Test
    void registerThenLoginIssuesAVerifiableTokenAndCookieAndNeverAPassword() {
        String name = uniqueName("luffy");
        ResponseEntity<String> registered = post("/user/register", null,
                Map.of("username", name, "password", "secret-pw", "email", "l@example.org", "nickname", "Straw Hat"));
        JsonNode user = parse(registered.getBody()).get("data");
        assertThat(registered.getStatusCode().value()).isEqualTo(200);
        assertThat(parse(registered.getBody()).get("code").asInt()).isZero();
        assertThat(user.get("uuid").asString()).matches("\\[usr][0-9a-f-]{36}");
        assertThat(user.get("id").asLong()).isPositive();
        assertThat(user.get("username").asString()).isEqualTo(name);
        assertThat(user.get("nickname").asString()).isEqualTo("Straw Hat");
        assertThat(user.get("email").asString()).isEqualTo("l@example.org");
        assertThat(user.get("avatar").asString()).isEmpty();
        assertThat(user.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(registered.getBody()).doesNotContain("password").doesNotContain("secret-pw").doesNotContain("$2a$");

        ResponseEntity<String> login = post("/user/login", null, Map.of("username", name, "password", "secret-pw"));
        JsonNode data = parse(login.getBody()).get("data");
        assertThat(parse(login.getBody()).get("code").asInt()).isZero();
        assertThat(data.get("uuid").asString()).isEqualTo(user.get("uuid").asString());
        assertThat(data.get("username").asString()).isEqualTo(name);
        assertThat(login.getBody()).doesNotContain("password").doesNotContain("secret-pw").doesNotContain("$2a$");
        String token = data.get("token").asString();
        var verified = tokenService.verify(token);
        assertThat(verified).isPresent();
        assertThat(verified.get().userUuid()).isEqualTo(user.get("uuid").asString());
        assertThat(verified.get().username()).isEqualTo(name);
        String cookie = login.getHeaders().getFirst(HttpHeaders.SET_COOKIE);
        assertThat(cookie).startsWith("im_token=" + token + ";")
                .contains("HttpOnly").contains("Path=/").contains("SameSite=Lax").contains("Max-Age=604800")
                .doesNotContain("Secure");
    }

    @Test
    void passwordsAreHashedWithTheConfiguredBcryptCost() {
        String uuid = register(uniqueName("cost"), "secret-pw").get("uuid").asString();
        String hash = jdbc.sql("SELECT password_hash FROM user_directory WHERE uuid = ?").param(uuid)
                .query(String.class).single();
        assertThat(hash).startsWith("$2a$0" + BCRYPT_COST + "$");
    }

    @Test
    void theCookieIsSecureWhenTheClientCameOverHttps() {
        String name = uniqueName("ace");
        register(name, "secret-pw");
        String body = JSON.writeValueAsString(Map.of("username", name, "password", "secret-pw"));

        for (String[] header : new String[][] {{"X-Forwarded-Proto", "https"}, {"Forwarded", "proto=https"}}) {
            ResponseEntity<String> login = client().post().uri("/user/login").contentType(MediaType.APPLICATION_JSON)
                    .header(header[0], header[1]).body(body).retrieve().toEntity(String.class);
            assertThat(parse(login.getBody()).get("code").asInt()).isZero();
            assertThat(login.getHeaders().getFirst(HttpHeaders.SET_COOKIE)).as(header[0])
                    .startsWith("im_token=").contains("; Secure").contains("HttpOnly");
        }
        ResponseEntity<String> plain = client().post().uri("/user/login").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-Proto", "http").body(body).retrieve().toEntity(String.class);
        assertThat(plain.getHeaders().getFirst(HttpHeaders.SET_COOKIE)).doesNotContain("Secure");
    }

    @Test
    void bodyKeysBindCaseInsensitivelyAndExtraKeysAreIgnored() {
        String name = uniqueName("nami");
        JsonNode registered = parse(post("/user/register", null, Map.of("Username", name, "PASSWORD", "secret-pw",
                "id", 999999, "avatar", "evil.html", "uuid", "[usr]chosen-by-client")).getBody());
        assertThat(registered.get("code").asInt()).isZero();
        JsonNode user = registered.get("data");
        assertThat(user.get("username").asString()).isEqualTo(name);
        assertThat(user.get("id").asLong()).isNotEqualTo(999999);
        assertThat(user.get("avatar").asString()).isEmpty();
        assertThat(user.get("uuid").asString()).isNotEqualTo("[usr]chosen-by-client");

        JsonNode login = parse(post("/user/login", null, Map.of("userName", name, "Password", "secret-pw")).getBody());
        assertThat(login.get("code").asInt()).isZero();
    }

    @Test
    void aTakenUsernameIsRefused() {
        String name = uniqueName("zoro");
        register(name, "secret-pw");
        ResponseEntity<String> again = post("/user/register", null, Map.of("username", name, "password", "other-pw"));
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"user already exist\",\"data\":null}");
    }

    @Test
    void theUsernameClaimRollsBackAConflictingRegistrationEvenPastThePreCheck() {
        String name = uniqueName("sanji");
        register(name, "secret-pw");
        String intruder = "[usr]" + java.util.UUID.randomUUID();

        Throwable failure = catchThrowable(() -> commandGateway.sendAndWait(
                new RegisterUser(intruder, name, "$2a$10$abcdefghijklmnopqrstuv", "", "")));

        assertThat(DomainCommands.translate((RuntimeException) failure, UserErrors.USER_NOT_FOUND))
                .isInstanceOf(DomainException.class).hasMessage("user already exist");
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(intruder).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM username_claim WHERE username = ?")
                .param(name).query(Long.class).single()).isOne();
    }

    @Test
    void concurrentRegistrationsOfOneNameLetExactlyOneWin() throws Exception {
        String name = uniqueName("usopp");
        int attempts = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                Callable<JsonNode> attempt = () -> {
                    start.await();
                    return parse(post("/user/register", null, Map.of("username", name, "password", "secret-pw"))
                            .getBody());
                };
                answers.add(pool.submit(attempt));
            }
            start.countDown();
            int winners = 0;
            for (Future<JsonNode> answer : answers) {
                JsonNode body = answer.get();
                if (body.get("code").asInt() == 0) {
                    winners++;
                } else {
                    assertThat(body.get("msg").asString()).isEqualTo("user already exist");
                }
            }
            assertThat(winners).isOne();
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM user_directory WHERE username = ?")
                .param(name).query(Long.class).single()).isOne();
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%UserRegistered' "
                        + "AND convert_from(payload, 'UTF8') LIKE ?")
                .param("%\"username\":\"" + name + "\"%").query(Long.class).single()).isOne();
    }

    @Test
    void aWrongPasswordAndAnUnknownUserBothFailTheSameWay() {
        String name = uniqueName("robin");
        register(name, "secret-pw");
        String wrong = post("/user/login", null, Map.of("username", name, "password", "wrong-pw")).getBody();
        String unknown = post("/user/login", null, Map.of("username", name + "x", "password", "secret-pw")).getBody();
        String empty = post("/user/login", null, Map.of("username", "", "password", "")).getBody();
        assertThat(wrong).isEqualTo("{\"code\":-1,\"msg\":\"login failed\",\"data\":null}");
        assertThat(unknown).isEqualTo(wrong);
        assertThat(empty).isEqualTo(wrong);
    }

    @Test
    void detailsShowTheEmailOnlyToTheUserThemself() {
        JsonNode me = register(uniqueName("chopper"), "secret-pw");
        JsonNode other = register(uniqueName("franky"), "secret-pw");
        String myUuid = me.get("uuid").asString();

        JsonNode mine = parse(get("/user/{u}", myUuid, myUuid).getBody()).get("data");
        JsonNode theirs = parse(get("/user/{u}", myUuid, other.get("uuid").asString()).getBody()).get("data");

        assertThat(mine.get("email").asString()).isEqualTo(me.get("email").asString()).isNotEmpty();
        assertThat(theirs.get("username").asString()).isEqualTo(other.get("username").asString());
        assertThat(theirs.get("nickname").asString()).isEqualTo(other.get("nickname").asString());
        assertThat(theirs.get("email").asString()).isEmpty();
        assertThat(get("/user/{u}", myUuid, "[usr]nobody").getBody())
                .isEqualTo("{\"code\":-1,\"msg\":\"user doesn't exist\",\"data\":null}");
    }

    @Test
    void updatingTheProfileRenamesReleasesTheOldNameAndChangesThePassword() {
        String oldName = uniqueName("brook");
        String newName = uniqueName("soul-king");
        String uuid = register(oldName, "secret-pw").get("uuid").asString();

        JsonNode updated = parse(put("/user/{u}".replace("{u}", uuid), uuid,
                Map.of("username", newName, "nickname", "Humming", "password", "new-secret",
                        "oldPassword", "secret-pw")).getBody());

        assertThat(updated.get("code").asInt()).isZero();
        assertThat(updated.get("data").get("username").asString()).isEqualTo(newName);
        assertThat(updated.get("data").get("nickname").asString()).isEqualTo("Humming");
        assertThat(updated.get("data").get("email").asString()).isEqualTo(oldName + "@example.org");
        assertThat(updated.toString()).doesNotContain("password");
        assertThat(parse(post("/user/login", null, Map.of("username", newName, "password", "new-secret"))
                .getBody()).get("code").asInt()).isZero();
        assertThat(parse(post("/user/login", null, Map.of("username", newName, "password", "secret-pw"))
                .getBody()).get("code").asInt()).isEqualTo(-1);
        // the old name is free again
        assertThat(register(oldName, "another-pw").get("uuid").asString()).isNotEqualTo(uuid);
    }

    @Test
    void aPasswordChangeWithoutTheRightOldPasswordIsRefusedAndChangesNothing() {
        String name = uniqueName("shanks");
        String uuid = register(name, "secret-pw").get("uuid").asString();
        String refused = "{\"code\":-1,\"msg\":\"old password is wrong\",\"data\":null}";

        Map<String, Object> missing = Map.of("nickname", "Red Hair", "password", "taken-over");
        Map<String, Object> wrong = Map.of("nickname", "Red Hair", "password", "taken-over", "oldPassword", "guess-pw");
        Map<String, Object> empty = Map.of("nickname", "Red Hair", "password", "taken-over", "oldPassword", "");
        for (Map<String, Object> body : List.of(missing, wrong, empty)) {
            assertThat(put("/user/" + uuid, uuid, body).getBody()).as(body.toString()).isEqualTo(refused);
        }

        JsonNode me = parse(get("/user/{u}", uuid, uuid).getBody()).get("data");
        assertThat(me.get("nickname").asString()).isEqualTo("nick " + name);
        assertThat(parse(post("/user/login", null, Map.of("username", name, "password", "taken-over"))
                .getBody()).get("code").asInt()).isEqualTo(-1);
        assertThat(parse(post("/user/login", null, Map.of("username", name, "password", "secret-pw"))
                .getBody()).get("code").asInt()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(uuid).query(Long.class).single()).isOne();
    }

    @Test
    void theOldPasswordKeyBindsCaseInsensitivelyAndOtherChangesNeedNoPassword() {
        String name = uniqueName("buggy");
        String uuid = register(name, "secret-pw").get("uuid").asString();

        assertThat(parse(put("/user/" + uuid, uuid, Map.of("nickname", "Clown")).getBody()).get("code").asInt())
                .isZero();
        JsonNode changed = parse(put("/user/" + uuid, uuid,
                Map.of("Password", "new-secret", "OldPassword", "secret-pw")).getBody());

        assertThat(changed.get("code").asInt()).as(changed.toString()).isZero();
        assertThat(changed.get("data").get("nickname").asString()).isEqualTo("Clown");
        assertThat(parse(post("/user/login", null, Map.of("username", name, "password", "new-secret"))
                .getBody()).get("code").asInt()).isZero();
    }

    @Test
    void controlCharactersAreRefusedInEveryTextFieldOnRegisterAndUpdate() {
        String ok = uniqueName("ctl");
        for (String bad : List.of("\u0000", "\u0001", "\u001b", "\u007f", "\u0085")) {
            assertRefused(Map.of("username", "a" + bad + ok, "password", "secret-pw"),
                    "username must not contain spaces or control characters");
            assertRefused(Map.of("username", ok, "password", "secret-pw", "nickname", "n" + bad + "n"),
                    "nickname must not contain control characters");
            assertRefused(Map.of("username", ok, "password", "secret-pw", "email", "a" + bad + "b@example.org"),
                    "email must not contain control characters");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM username_claim WHERE username = ?").param(ok)
                .query(Long.class).single()).isZero();

        String uuid = register(ok, "secret-pw").get("uuid").asString();
        Map<String, String> expected = Map.of(
                "username", "username must not contain spaces or control characters",
                "nickname", "nickname must not contain control characters",
                "email", "email must not contain control characters");
        for (var field : expected.entrySet()) {
            String value = field.getKey().equals("email") ? "a\u0000b@example.org" : "x\u0000y";
            JsonNode answer = parse(put("/user/" + uuid, uuid, Map.of(field.getKey(), value)).getBody());
            assertThat(answer.get("code").asInt()).isEqualTo(-1);
            assertThat(answer.get("msg").asString()).isEqualTo(field.getValue());
        }
        JsonNode me = parse(get("/user/{u}", uuid, uuid).getBody()).get("data");
        assertThat(me.get("username").asString()).isEqualTo(ok);
        assertThat(me.get("nickname").asString()).isEqualTo("nick " + ok);
        assertThat(me.get("email").asString()).isEqualTo(ok + "@example.org");
    }

    @Test
    void aNulInALookedUpNameIsAMissNotAServerError() {
        String name = uniqueName("teach");
        String caller = register(name, "secret-pw").get("uuid").asString();

        ResponseEntity<String> login = post("/user/login", null, Map.of("username", name + "\u0000", "password", "x"));
        ResponseEntity<String> search = get("/user/name?name={n}", caller, name + "\u0000");
        ResponseEntity<String> friend = post("/friend", caller, Map.of("uuid", caller, "friendUsername", "\u0000"));

        assertThat(login.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"login failed\",\"data\":null}");
        assertThat(search.getStatusCode().value()).isEqualTo(200);
        assertThat(parse(search.getBody()).get("data").get("user").get("uuid").asString()).isEmpty();
        assertThat(friend.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"user doesn't exist\",\"data\":null}");
    }

    @Test
    void renamingToATakenNameIsRefusedAndChangesNothing() {
        String taken = uniqueName("jinbe");
        register(taken, "secret-pw");
        String mine = uniqueName("vivi");
        String uuid = register(mine, "secret-pw").get("uuid").asString();

        String body = put("/user/" + uuid, uuid, Map.of("username", taken, "nickname", "Princess")).getBody();

        assertThat(body).isEqualTo("{\"code\":-1,\"msg\":\"user already exist\",\"data\":null}");
        JsonNode me = parse(get("/user/{u}", uuid, uuid).getBody()).get("data");
        assertThat(me.get("username").asString()).isEqualTo(mine);
        assertThat(me.get("nickname").asString()).isEqualTo("nick " + mine);
    }

    @Test
    void anotherUsersProfileCannotBeChanged() {
        String me = register(uniqueName("law"), "secret-pw").get("uuid").asString();
        String other = register(uniqueName("kid"), "secret-pw").get("uuid").asString();
        ResponseEntity<String> response = put("/user/" + other, me, Map.of("nickname", "hacked"));
        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"forbidden\",\"data\":null}");
        assertThat(parse(get("/user/{u}", other, other).getBody()).get("data").get("nickname").asString())
                .isNotEqualTo("hacked");
    }

    @Test
    void searchIsExactAndCaseSensitive() {
        String name = uniqueName("Hancock");
        JsonNode user = register(name, "secret-pw");
        String caller = user.get("uuid").asString();

        JsonNode hit = parse(get("/user/name?name={n}", caller, name).getBody()).get("data");
        JsonNode miss = parse(get("/user/name?name={n}", caller, name.toLowerCase()).getBody()).get("data");

        assertThat(hit.get("user").get("uuid").asString()).isEqualTo(caller);
        assertThat(hit.get("user").get("username").asString()).isEqualTo(name);
        assertThat(hit.get("group").get("uuid").asString()).isEmpty();
        assertThat(hit.get("group").get("name").asString()).isEmpty();
        assertThat(miss.get("user").get("uuid").asString()).isEmpty();
        assertThat(miss.get("user").get("username").asString()).isEmpty();
        assertThat(miss.toString()).doesNotContain("password");
    }

    @Test
    void withoutTheCallerHeaderTheAnswerIsUnauthorized() {
        ResponseEntity<String> response = get("/user/{u}", null, "[usr]someone");
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"unauthorized\",\"data\":null}");
    }

    @Test
    void legacyIdsTravelUnencodedInPathsAndQueries() throws Exception {
        JsonNode user = register(uniqueName("raw"), "secret-pw");
        String uuid = user.get("uuid").asString();
        // browsers send "[usr]..." as is; Tomcat refuses raw brackets unless told otherwise
        String path = parse(rawGet("/user/" + uuid, uuid)).get("data").get("uuid").asString();
        String query = parse(rawGet("/user?uuid=" + uuid, uuid)).get("code").asString();
        assertThat(path).isEqualTo(uuid);
        assertThat(query).isEqualTo("0");
    }

    private String rawGet(String target, String caller) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nX-IM-User-Id: " + caller
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (response.toLowerCase().contains("transfer-encoding: chunked")) {
                body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("}") + 1);
            }
            return body;
        }
    }

    @Test
    void malformedJsonIsABadRequest() {
        ResponseEntity<String> response = post("/user/register", null, "{\"username\": \"x\", ");
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"malformed request\",\"data\":null}");
    }

    @Test
    void overLongOrBadFieldsAreRefusedAndNothingIsStored() {
        String ok = uniqueName("ok");
        assertRefused(Map.of("username", "u".repeat(65), "password", "secret-pw"), "username must be at most 64");
        assertRefused(Map.of("username", "with space", "password", "secret-pw"), "spaces or control");
        assertRefused(Map.of("username", "tab\tname", "password", "secret-pw"), "spaces or control");
        assertRefused(Map.of("username", "", "password", "secret-pw"), "username is required");
        assertRefused(Map.of("username", ok, "password", "short"), "at least 6");
        assertRefused(Map.of("username", ok, "password", "é".repeat(37)), "at most 72 bytes");
        assertRefused(Map.of("username", ok, "password", "secret-pw", "nickname", "n".repeat(65)), "nickname");
        assertRefused(Map.of("username", ok, "password", "secret-pw", "email", "not-an-email"), "email");
        assertRefused(Map.of("username", ok, "password", "secret-pw", "email", "a@b." + "c".repeat(260)), "email");
        assertThat(jdbc.sql("SELECT count(*) FROM username_claim WHERE username = ?").param(ok)
                .query(Long.class).single()).isZero();

        ResponseEntity<String> huge = post("/user/register", null,
                Map.of("username", ok, "password", "secret-pw", "nickname", "n".repeat(70_000)));
        assertThat(huge.getStatusCode().value()).isEqualTo(413);
        assertThat(huge.getBody()).contains("\"code\":-1");
    }

    private void assertRefused(Map<String, Object> body, String reason) {
        ResponseEntity<String> response = post("/user/register", null, body);
        JsonNode answer = parse(response.getBody());
        assertThat(answer.get("code").asInt()).as(response.getBody()).isEqualTo(-1);
        assertThat(answer.get("msg").asString()).contains(reason);
    }
}
