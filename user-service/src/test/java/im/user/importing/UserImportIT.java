package im.user.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.user.UserServiceIntegrationTest;
import im.user.support.ImportSourcesConfig;
import im.user.support.UserSourceStandIn;
import im.user.support.UserSourceStandIn.Fault;
import im.user.support.UserSourceStandIn.Style;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The user import (issue 6) against real HTTP sources ({@link UserSourceStandIn}): a few hundred users with plaintext
 * passwords, BCrypt hashes and broken records; idempotent re-runs; changes; login with the source's passwords; an
 * outage, a timeout and malformed JSON in the middle of a run; paging styles; limits; the admin-only routes.
 */
class UserImportIT extends UserServiceIntegrationTest {

    private static final String TAG = UUID.randomUUID().toString().substring(0, 6);
    private static final UserSourceStandIn SOURCES = UserSourceStandIn.get();
    private static volatile String adminUuid;

    @Autowired
    ImportRunner runner;

    // ---- helpers ----

    private String admin() {
        if (adminUuid == null) {
            synchronized (UserImportIT.class) {
                if (adminUuid == null) {
                    adminUuid = jdbc.sql("SELECT uuid FROM user_directory WHERE username = ? AND deleted_at IS NULL")
                            .param(ADMIN_USERNAME).query(String.class).optional()
                            .orElseGet(() -> register(ADMIN_USERNAME, "admin-password").get("uuid").asString());
                }
            }
        }
        return adminUuid;
    }

    private ResponseEntity<String> startImport(String callerUuid, String source) {
        return post("/api/admin/v1/user-imports", callerUuid, source == null ? Map.of() : Map.of("source", source));
    }

    /** Starts a run of {@code source} as the admin and answers its report once it finished. */
    private JsonNode runImport(String source) {
        ResponseEntity<String> started = startImport(admin(), source);
        assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(202);
        JsonNode run = parse(started.getBody()).get("runs").get(0);
        assertThat(run.get("source").asString()).isEqualTo(source);
        return awaitRun(run.get("runId").asString());
    }

    private JsonNode awaitRun(String runId) {
        JsonNode[] report = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            ResponseEntity<String> response = get("/api/admin/v1/user-imports/{id}", admin(), runId);
            assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
            report[0] = parse(response.getBody());
            return !report[0].get("status").asString().equals("running");
        });
        return report[0];
    }

    private JsonNode login(String username, String password) {
        return parse(post("/user/login", null, Map.of("username", username, "password", password)).getBody());
    }

    private boolean canLogIn(String username, String password) {
        return login(username, password).get("code").asInt() == 0;
    }

    private String uuidOf(String username) {
        return jdbc.sql("SELECT uuid FROM user_directory WHERE username = ? AND deleted_at IS NULL")
                .param(username).query(String.class).single();
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }

    private static ObjectNode legacyRecord(String username, String password) {
        ObjectNode record = JSON.createObjectNode().put("username", username).put("nickname", "nick " + username)
                .put("email", username + "@example.org");
        if (password != null) {
            record.put("password", password);
        }
        return record;
    }

    private static ObjectNode idRecord(String id, String username, String password) {
        return legacyRecord(username, password).put("id", id);
    }

    private static List<String> codes(JsonNode report) {
        List<String> codes = new ArrayList<>();
        report.get("failures").forEach(failure -> codes.add(failure.get("code").asString()));
        return codes;
    }

    // ---- the bulk source: a few hundred users ----

    /** The bulk source's records: {id, login, credentials: {password | bcrypt}, profile: {...}}. */
    private static final class Bulk {
        static final int SIZE = 300;
        static final BCryptPasswordEncoder A = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2A, 4);
        static final BCryptPasswordEncoder B = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, 4);
        static final BCryptPasswordEncoder Y = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2Y, 4);
        /** Broken record (1-based index) -> expected failure code. */
        final Map<Integer, String> broken = new HashMap<>();
        final List<JsonNode> records = new ArrayList<>();
        final String localName = TAG + "-local";

        Bulk() {
            for (int i = 1; i <= SIZE; i++) {
                records.add(record(i));
            }
            String[] kinds = {"missing_username", "invalid_email", "invalid_nickname", "invalid_password_hash",
                    "invalid_username", "invalid_password", "duplicate_record", "missing_external_id",
                    "not_an_object", "invalid_password_hash", "invalid_avatar_url", "username_taken"};
            for (int k = 1; k <= kinds.length; k++) {
                int i = k * 25;
                ObjectNode r = (ObjectNode) records.get(i - 1);
                ObjectNode credentials = (ObjectNode) r.get("credentials");
                ObjectNode profile = (ObjectNode) r.get("profile");
                switch (k) {
                    case 1 -> r.remove("login");
                    case 2 -> profile.put("email", "not-an-email");
                    case 3 -> profile.put("nickname", "bell\u0007");
                    case 4 -> credentials.removeAll().put("bcrypt", "$2a$10$broken");
                    case 5 -> r.put("login", "two words");
                    case 6 -> credentials.removeAll().put("password", "abc");
                    case 7 -> r.put("login", login(i - 1));
                    case 8 -> r.remove("id");
                    case 10 -> credentials.removeAll().put("bcrypt", "$2b$31$" + A.encode("x").substring(7));
                    case 11 -> profile.put("avatar", "javascript:alert(1)");
                    case 12 -> r.put("login", localName);
                    default -> {
                    }
                }
                if (k == 9) {
                    records.set(i - 1, JSON.getNodeFactory().stringNode("not a record"));
                }
                broken.put(i, kinds[k - 1]);
            }
        }

        static String login(int i) {
            return TAG + "-u" + i;
        }

        static String password(int i) {
            return "pw-" + TAG + "-" + i;
        }

        static boolean noPassword(int i) {
            return i % 30 == 2;
        }

        static ObjectNode record(int i) {
            ObjectNode r = JSON.createObjectNode().put("id", "b-" + i).put("login", login(i));
            ObjectNode credentials = r.putObject("credentials");
            if (i % 3 == 1) {
                BCryptPasswordEncoder encoder = i % 9 == 1 ? A : i % 9 == 4 ? B : Y;
                credentials.put("bcrypt", encoder.encode(password(i)));
            } else if (!noPassword(i)) {
                credentials.put("password", password(i));
            }
            ObjectNode profile = r.putObject("profile").put("nickname", "User " + i)
                    .put("email", "u" + i + "-" + TAG + "@example.org");
            if (i % 10 == 0) {
                profile.put("avatar", "https://cdn.example.org/avatars/" + i + ".png");
            }
            return r;
        }

        int valid() {
            return SIZE - broken.size();
        }
    }

    @Test
    void aFewHundredUsersAreImportedOnceThenKeptInLineWithTheSource() {
        Bulk bulk = new Bulk();
        register(bulk.localName, "local-password");
        UserSourceStandIn.Dataset source = SOURCES.dataset("bulk").style(Style.PAGE).records(bulk.records);

        // first run: everything valid is created, every broken record is reported with its reason
        JsonNode first = runImport("bulk");
        System.out.printf("USER IMPORT TIMING: %d records, %d pages, %d created in %d ms (BCrypt cost %d)%n",
                first.get("fetched").asInt(), first.get("pages").asInt(), first.get("created").asInt(),
                first.get("durationMs").asLong(), BCRYPT_COST);
        assertThat(first.get("status").asString()).isEqualTo("completed_with_failures");
        assertThat(first.get("trigger").asString()).isEqualTo("api");
        assertThat(first.get("requestedBy").asString()).isEqualTo(admin());
        assertThat(first.get("pages").asInt()).isEqualTo(7);
        assertThat(first.get("fetched").asInt()).isEqualTo(Bulk.SIZE);
        assertThat(first.get("created").asInt()).isEqualTo(bulk.valid());
        assertThat(first.get("updated").asInt()).isZero();
        assertThat(first.get("unchanged").asInt()).isZero();
        assertThat(first.get("failed").asInt()).isEqualTo(bulk.broken.size());
        assertThat(first.get("error").isNull()).isTrue();
        Map<Integer, JsonNode> failures = new HashMap<>();
        first.get("failures").forEach(failure -> failures.put(failure.get("position").asInt(), failure));
        assertThat(failures.keySet()).containsExactlyInAnyOrderElementsOf(bulk.broken.keySet());
        bulk.broken.forEach((position, code) ->
                assertThat(failures.get(position).get("code").asString()).as("record " + position).isEqualTo(code));
        assertThat(failures.get(25).get("reason").asString()).isEqualTo("username is missing (/login)");
        assertThat(failures.get(25).get("externalId").asString()).isEqualTo("b-25");
        assertThat(failures.get(50).get("reason").asString()).isEqualTo("email is not a valid address");
        assertThat(failures.get(75).get("reason").asString()).isEqualTo("nickname must not contain control characters");
        assertThat(failures.get(75).get("page").asInt()).isEqualTo(2);
        assertThat(failures.get(300).get("reason").asString()).isEqualTo("username is taken by a local account");
        assertThat(first.toString()).doesNotContain("pw-" + TAG).doesNotContain("$2a$").doesNotContain("$2b$")
                .doesNotContain("$2y$");
        assertThat(canLogIn(bulk.localName, "local-password")).as("the local account is untouched").isTrue();

        // the accounts: hashes as given or made here, the avatar as a link, login with the source's passwords
        String hashOf4 = jdbc.sql("SELECT password_hash FROM user_directory WHERE username = ?")
                .param(Bulk.login(4)).query(String.class).single();
        assertThat(hashOf4).startsWith("$2b$04$")
                .isEqualTo(source.records().get(3).at("/credentials/bcrypt").asString());
        assertThat(jdbc.sql("SELECT password_hash FROM user_directory WHERE username = ?")
                .param(Bulk.login(3)).query(String.class).single()).startsWith(String.format("$2a$%02d$", BCRYPT_COST));
        for (int i : new int[]{1, 3, 4, 5, 7, 299}) {
            assertThat(canLogIn(Bulk.login(i), Bulk.password(i))).as("login of record " + i).isTrue();
        }
        assertThat(canLogIn(Bulk.login(1), Bulk.password(3))).isFalse();
        assertThat(canLogIn(Bulk.login(2), "")).as("no password: no login").isFalse();
        assertThat(canLogIn(Bulk.login(2), Bulk.password(2))).isFalse();
        String uuid10 = uuidOf(Bulk.login(10));
        JsonNode user10 = ok(get("/user/{u}", uuid10, uuid10));
        assertThat(user10.get("nickname").asString()).isEqualTo("User 10");
        assertThat(user10.get("email").asString()).isEqualTo("u10-" + TAG + "@example.org");
        assertThat(user10.get("avatar").asString()).as("go-chat-web builds /file/<avatar>: nothing there").isEmpty();
        assertThat(user10.get("avatarUrl").asString()).isEqualTo("https://cdn.example.org/avatars/10.png");
        assertThat(user10.has("password")).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM user_import_link WHERE source = 'bulk'").query(Long.class).single())
                .isEqualTo(bulk.valid());

        // second run: nothing changes, not one event
        long eventsBefore = events();
        JsonNode second = runImport("bulk");
        System.out.printf("USER IMPORT TIMING: second run, %d unchanged in %d ms%n",
                second.get("unchanged").asInt(), second.get("durationMs").asLong());
        assertThat(second.get("created").asInt()).isZero();
        assertThat(second.get("updated").asInt()).isZero();
        assertThat(second.get("unchanged").asInt()).isEqualTo(bulk.valid());
        assertThat(second.get("failed").asInt()).isEqualTo(bulk.broken.size());
        assertThat(events()).isEqualTo(eventsBefore);

        // changes at the source: profile, plaintext password, hash, a rename, an avatar removed, a first password
        ObjectNode r10 = Bulk.record(10);
        ((ObjectNode) r10.get("profile")).put("nickname", "Renamed Ten").put("email", "ten-" + TAG + "@example.org");
        source.replace(9, r10);
        ObjectNode r3 = Bulk.record(3);
        ((ObjectNode) r3.get("credentials")).put("password", "pw-new-" + TAG);
        source.replace(2, r3);
        ObjectNode r13 = Bulk.record(13);
        ((ObjectNode) r13.get("credentials")).put("bcrypt", Bulk.B.encode("pw-new-13-" + TAG));
        source.replace(12, r13);
        ObjectNode r20 = Bulk.record(20).put("login", TAG + "-renamed20");
        source.replace(19, r20);
        ObjectNode r30 = Bulk.record(30);
        ((ObjectNode) r30.get("profile")).put("avatar", "");
        source.replace(29, r30);
        ObjectNode r2 = Bulk.record(2);
        ((ObjectNode) r2.get("credentials")).put("password", "pw-late-" + TAG);
        source.replace(1, r2);

        JsonNode third = runImport("bulk");
        assertThat(third.get("created").asInt()).isZero();
        assertThat(third.get("updated").asInt()).isEqualTo(6);
        assertThat(third.get("unchanged").asInt()).isEqualTo(bulk.valid() - 6);
        JsonNode changed10 = ok(get("/user/{u}", uuid10, uuid10));
        assertThat(changed10.get("nickname").asString()).isEqualTo("Renamed Ten");
        assertThat(changed10.get("email").asString()).isEqualTo("ten-" + TAG + "@example.org");
        assertThat(canLogIn(Bulk.login(3), "pw-new-" + TAG)).isTrue();
        assertThat(canLogIn(Bulk.login(3), Bulk.password(3))).isFalse();
        assertThat(canLogIn(Bulk.login(13), "pw-new-13-" + TAG)).isTrue();
        assertThat(canLogIn(TAG + "-renamed20", Bulk.password(20))).as("renamed at the source").isTrue();
        assertThat(canLogIn(Bulk.login(20), Bulk.password(20))).isFalse();
        String uuid30 = uuidOf(Bulk.login(30));
        assertThat(ok(get("/user/{u}", uuid30, uuid30)).get("avatarUrl").asString()).isEmpty();
        assertThat(canLogIn(Bulk.login(2), "pw-late-" + TAG)).isTrue();

        // the admin's preview of the source: every record, never a password or a hash
        ResponseEntity<String> preview = get("/http-req/get-user-data?source=bulk", admin());
        JsonNode records = ok(preview);
        assertThat(records.size()).isEqualTo(Bulk.SIZE);
        assertThat(preview.getBody()).doesNotContain("pw-").doesNotContain("$2a$").doesNotContain("$2b$")
                .doesNotContain("$2y$").doesNotContain("\"password\"").doesNotContain("\"passwordHash\"");
        JsonNode record1 = records.get(0);
        assertThat(record1.get("externalId").asString()).isEqualTo("b-1");
        assertThat(record1.get("hasPassword").asBoolean()).isTrue();
        assertThat(record1.get("valid").asBoolean()).isTrue();
        assertThat(records.get(49).get("problem").asString()).isEqualTo("invalid_email");
        assertThat(records.get(31).get("hasPassword").asBoolean()).as("record 32 has none").isFalse();
    }

    // ---- failures of the source ----

    @Test
    void anOutageInTheMiddleOfARunLosesNothingAndTheNextRunCompletesTheWork() {
        List<JsonNode> records = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            records.add(idRecord("o-" + i, TAG + "-o" + i, "outage-pw-" + i));
        }
        UserSourceStandIn.Dataset source = SOURCES.dataset("outage").style(Style.OFFSET).records(records)
                .fault(3, Fault.status(503));

        JsonNode broken = runImport("outage");
        assertThat(broken.get("status").asString()).isEqualTo("failed");
        assertThat(broken.get("error").asString()).isEqualTo("page 3: HTTP 503");
        assertThat(broken.get("pages").asInt()).isEqualTo(2);
        assertThat(broken.get("created").asInt()).isEqualTo(40);
        assertThat(jdbc.sql("SELECT count(*) FROM user_import_link WHERE source = 'outage'").query(Long.class).single())
                .isEqualTo(40);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM user_import_link l JOIN user_directory d ON d.uuid = l.user_uuid
                        WHERE l.source = 'outage' AND d.username LIKE ?""")
                .param(TAG + "-o%").query(Long.class).single()).as("every linked account is complete").isEqualTo(40);
        assertThat(canLogIn(TAG + "-o40", "outage-pw-40")).isTrue();
        assertThat(canLogIn(TAG + "-o41", "outage-pw-41")).isFalse();

        source.clearFaults();
        JsonNode recovered = runImport("outage");
        assertThat(recovered.get("status").asString()).isEqualTo("completed");
        assertThat(recovered.get("pages").asInt()).isEqualTo(6);
        assertThat(recovered.get("created").asInt()).isEqualTo(60);
        assertThat(recovered.get("unchanged").asInt()).isEqualTo(40);
        assertThat(canLogIn(TAG + "-o100", "outage-pw-100")).isTrue();

        // malformed JSON on page 4 of another set of records: the same, reported by position, not by content
        List<JsonNode> more = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            more.add(idRecord("m-" + i, TAG + "-m" + i, "malformed-pw-" + i));
        }
        source.records(more).fault(4, Fault.garbage());
        JsonNode malformed = runImport("outage");
        assertThat(malformed.get("status").asString()).isEqualTo("failed");
        assertThat(malformed.get("error").asString()).startsWith("page 4: malformed JSON at line 1, column ")
                .doesNotContain("html");
        assertThat(malformed.get("created").asInt()).isEqualTo(60);
        source.clearFaults();
        JsonNode again = runImport("outage");
        assertThat(again.get("created").asInt()).isEqualTo(40);
        assertThat(again.get("unchanged").asInt()).isEqualTo(60);
    }

    @Test
    void aSlowPageTimesOutIsRetriedOnceAndTheRunIsNotStartedTwice() {
        List<JsonNode> records = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            records.add(idRecord("s-" + i, TAG + "-s" + i, "slow-pw-" + i));
        }
        UserSourceStandIn.Dataset source = SOURCES.dataset("slow").style(Style.PAGE).records(records)
                .fault(2, Fault.delay(3_000));

        ResponseEntity<String> started = startImport(admin(), "slow");
        ResponseEntity<String> again = startImport(admin(), "slow");
        String runId = parse(started.getBody()).get("runs").get(0).get("runId").asString();
        assertThat(parse(again.getBody()).get("runs").get(0).get("runId").asString())
                .as("a running source is not started twice").isEqualTo(runId);
        JsonNode slow = awaitRun(runId);
        assertThat(slow.get("status").asString()).isEqualTo("failed");
        assertThat(slow.get("error").asString()).isEqualTo("page 2: timed out after 400 ms (after 2 attempts)");
        assertThat(slow.get("created").asInt()).isEqualTo(10);
        assertThat(slow.get("durationMs").asLong()).isLessThan(3_000);

        source.clearFaults();
        JsonNode recovered = runImport("slow");
        assertThat(recovered.get("status").asString()).isEqualTo("completed");
        assertThat(recovered.get("created").asInt()).isEqualTo(20);
        assertThat(recovered.get("unchanged").asInt()).isEqualTo(10);
    }

    @Test
    void nextLinksArePagedWithTheAuthHeaderAndNeverLeaveTheSource() {
        List<JsonNode> records = new ArrayList<>();
        for (int i = 1; i <= 45; i++) {
            records.add(idRecord("l-" + i, TAG + "-l" + i, "linked-pw-" + i));
        }
        UserSourceStandIn.Dataset source = SOURCES.dataset("linked").style(Style.NEXT_LINK).linkPageSize(10)
                .requireAuthorization(ImportSourcesConfig.LINKED_TOKEN).records(records);

        JsonNode report = runImport("linked");
        assertThat(report.get("status").asString()).isEqualTo("completed");
        assertThat(report.get("pages").asInt()).isEqualTo(5);
        assertThat(report.get("created").asInt()).isEqualTo(45);
        assertThat(source.refusedAuth()).isZero();
        assertThat(source.queries()).contains("null", "cursor=10", "cursor=40");
        assertThat(canLogIn(TAG + "-l45", "linked-pw-45")).isTrue();

        source.fault(2, Fault.nextLink("http://169.254.169.254/latest/meta-data"));
        JsonNode foreign = runImport("linked");
        assertThat(foreign.get("status").asString()).isEqualTo("failed");
        assertThat(foreign.get("error").asString())
                .isEqualTo("page 2: the next link leaves the source's scheme, host and port: not followed");
        assertThat(foreign.get("unchanged").asInt()).isEqualTo(20);
        source.clearFaults();
    }

    @Test
    void recordAndPageLimitsStopARunWithAClearStatus() {
        List<JsonNode> records = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            records.add(idRecord("t-" + i, TAG + "-t" + i, "limits-pw-" + i));
        }
        UserSourceStandIn.Dataset source = SOURCES.dataset("limits").style(Style.NONE).records(records);

        JsonNode truncated = runImport("limits");
        assertThat(truncated.get("status").asString()).isEqualTo("truncated");
        assertThat(truncated.get("truncated").asBoolean()).isTrue();
        assertThat(truncated.get("fetched").asInt()).isEqualTo(5);
        assertThat(truncated.get("created").asInt()).isEqualTo(5);

        source.fault(1, Fault.padded(5_000));
        JsonNode tooLarge = runImport("limits");
        assertThat(tooLarge.get("status").asString()).isEqualTo("failed");
        assertThat(tooLarge.get("error").asString()).isEqualTo("page 1: answer larger than 4096 bytes");
        assertThat(tooLarge.get("fetched").asInt()).isZero();
        source.clearFaults();
    }

    // ---- accounts: no password, an admin sets one; a local account adopted ----

    @Test
    void theLegacyRoutesImportTheLegacyShapeAndAnAccountWithoutPasswordGetsOneFromAnAdmin() {
        String withPassword = TAG + "-legacy-a";
        String withoutPassword = TAG + "-legacy-b";
        SOURCES.dataset("legacy").style(Style.NONE).records(List.of(
                legacyRecord(withPassword, "legacy-pw-1").put("avatar", "https://cdn.example.org/a/1.png"),
                legacyRecord(withoutPassword, null)));

        ResponseEntity<String> preview = get("/http-req/get-user-data?source=legacy", admin());
        JsonNode records = ok(preview);
        assertThat(records.size()).isEqualTo(2);
        assertThat(records.get(0).get("username").asString()).isEqualTo(withPassword);
        assertThat(records.get(0).get("externalId").asString()).as("no id mapped: the username").isEqualTo(withPassword);
        assertThat(records.get(0).get("avatarUrl").asString()).isEqualTo("https://cdn.example.org/a/1.png");
        assertThat(records.get(0).get("hasPassword").asBoolean()).isTrue();
        assertThat(records.get(1).get("hasPassword").asBoolean()).isFalse();
        assertThat(preview.getBody()).doesNotContain("legacy-pw-1").doesNotContain("\"password\"");

        JsonNode reports = ok(post("/http-req/post-user-data?source=legacy", admin(), Map.of()));
        assertThat(reports.size()).isEqualTo(1);
        assertThat(reports.get(0).get("status").asString()).isEqualTo("completed");
        assertThat(reports.get(0).get("trigger").asString()).isEqualTo("legacy");
        assertThat(reports.get(0).get("created").asInt()).isEqualTo(2);
        assertThat(reports.toString()).doesNotContain("legacy-pw-1");

        assertThat(canLogIn(withPassword, "legacy-pw-1")).isTrue();
        assertThat(canLogIn(withoutPassword, "")).isFalse();
        assertThat(canLogIn(withoutPassword, "anything-at-all")).isFalse();
        String uuid = uuidOf(withoutPassword);
        ResponseEntity<String> byUser = call(HttpMethod.PUT, "/api/admin/v1/users/{u}/password", uuidOf(withPassword),
                Map.of("password", "chosen-by-user"), uuid);
        assertThat(byUser.getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> tooShort = call(HttpMethod.PUT, "/api/admin/v1/users/{u}/password", admin(),
                Map.of("password", "abc"), uuid);
        assertThat(tooShort.getStatusCode().value()).isEqualTo(400);
        assertThat(parse(tooShort.getBody()).get("code").asString()).isEqualTo("invalid_password");
        ResponseEntity<String> set = call(HttpMethod.PUT, "/api/admin/v1/users/{u}/password", admin(),
                Map.of("password", "set-by-admin"), uuid);
        assertThat(set.getStatusCode().value()).as(set.getBody()).isEqualTo(200);
        assertThat(parse(set.getBody()).get("hasPassword").asBoolean()).isTrue();
        assertThat(set.getBody()).doesNotContain("set-by-admin");
        assertThat(canLogIn(withoutPassword, "set-by-admin")).isTrue();
        ResponseEntity<String> unknown = call(HttpMethod.PUT, "/api/admin/v1/users/{u}/password", admin(),
                Map.of("password", "set-by-admin"), "[usr]" + UUID.randomUUID());
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);

        // the source still has no password for it: the admin's stays
        JsonNode rerun = runImport("legacy");
        assertThat(rerun.get("unchanged").asInt()).isEqualTo(2);
        assertThat(canLogIn(withoutPassword, "set-by-admin")).isTrue();
    }

    @Test
    void aLocalAccountIsAdoptedOnlyByASourceThatIsAllowedTo() {
        String name = TAG + "-adopted";
        register(name, "local-pw-1");
        SOURCES.dataset("adopt").style(Style.NONE).records(List.of(legacyRecord(name, "source-pw-2")
                .put("nickname", "Adopted")));

        JsonNode adopted = runImport("adopt");
        assertThat(adopted.get("updated").asInt()).isEqualTo(1);
        assertThat(adopted.get("created").asInt()).isZero();
        assertThat(canLogIn(name, "source-pw-2")).isTrue();
        assertThat(canLogIn(name, "local-pw-1")).isFalse();
        String uuid = uuidOf(name);
        assertThat(ok(get("/user/{u}", uuid, uuid)).get("nickname").asString()).isEqualTo("Adopted");
        assertThat(runImport("adopt").get("unchanged").asInt()).isEqualTo(1);

        // the same username from a source that may not adopt: refused, the account is another source's now
        SOURCES.dataset("legacy").style(Style.NONE).records(List.of(legacyRecord(name, "legacy-pw-3")));
        JsonNode refused = runImport("legacy");
        assertThat(codes(refused)).containsExactly("username_taken");
        assertThat(refused.get("failures").get(0).get("reason").asString())
                .isEqualTo("username is taken by another imported account");
        assertThat(canLogIn(name, "source-pw-2")).isTrue();
    }

    @Test
    void aRunLeftRunningByAStoppedInstanceIsMarkedInterrupted() {
        UUID stale = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO import_runs (id, source, run_trigger, requested_by, status, started_at)
                        VALUES (?, 'gone-source', 'schedule', 'schedule', 'running', now() - interval '1 hour')""")
                .params(stale).update();

        runner.recoverInterruptedRuns();

        JsonNode report = parse(get("/api/admin/v1/user-imports/{id}", admin(), stale).getBody());
        assertThat(report.get("status").asString()).isEqualTo("interrupted");
        assertThat(report.get("error").asString()).isEqualTo("the service stopped during the run");
        assertThat(report.get("finishedAt").isNull()).isFalse();
    }

    // ---- admins ----

    private boolean isAdmin(String uuid) {
        int status = get("/api/admin/v1/user-imports?limit=1", uuid).getStatusCode().value();
        assertThat(status).isIn(200, 403);
        return status == 200;
    }

    private String hashOf(String uuid) {
        return jdbc.sql("SELECT password_hash FROM user_directory WHERE uuid = ?").param(uuid).query(String.class)
                .single();
    }

    private long eventsOf(String uuid, String type) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ?")
                .params(uuid, "im.user.api." + type).query(Long.class).single();
    }

    @Test
    void anAdminUsernameIsPinnedToItsFirstAccountAndCannotBeTakenOver() {
        String admin = register(PINNED_ADMIN_USERNAME, "pinned-admin-pw").get("uuid").asString();
        assertThat(isAdmin(admin)).isTrue();
        String formerName = PINNED_ADMIN_USERNAME + "-was";
        ok(put("/user/" + admin, admin, Map.of("username", formerName)));
        assertThat(isAdmin(admin)).as("pinned by id, whatever it is called now").isTrue();

        // registering the name afterwards makes nobody an admin
        String registered = register(PINNED_ADMIN_USERNAME, "thief-pw-1").get("uuid").asString();
        assertThat(isAdmin(registered)).isFalse();
        // nor does renaming to it once it is free again
        ok(delete("/user/{u}", registered, registered));
        String renamed = register(uniqueName("renamer"), "thief-pw-2").get("uuid").asString();
        ok(put("/user/" + renamed, renamed, Map.of("username", PINNED_ADMIN_USERNAME)));
        assertThat(isAdmin(renamed)).isFalse();

        // an import neither adopts the admin's account (setting its password) nor takes, creates or renames to an
        // admin username
        SOURCES.dataset("adopt").style(Style.NONE).records(List.of(
                legacyRecord(formerName, "adopted-pw-1"),
                legacyRecord(PINNED_ADMIN_USERNAME, "adopted-pw-2"),
                legacyRecord(UNHELD_ADMIN_USERNAME, "adopted-pw-3")));
        JsonNode adopt = runImport("adopt");
        assertThat(codes(adopt)).containsExactly("admin_account", "admin_account", "admin_account");
        assertThat(adopt.get("failures").get(0).get("reason").asString())
                .isEqualTo("the account is an admin's; the import does not change admin accounts");
        assertThat(canLogIn(formerName, "pinned-admin-pw")).isTrue();
        assertThat(canLogIn(PINNED_ADMIN_USERNAME, "thief-pw-2")).isTrue();
        assertThat(canLogIn(UNHELD_ADMIN_USERNAME, "adopted-pw-3")).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM username_claim WHERE username = ?").param(UNHELD_ADMIN_USERNAME)
                .query(Long.class).single()).as("not created").isZero();

        // a record renamed at the source to an admin username: refused, the account keeps its name
        String name = TAG + "-to-admin";
        String hash = new BCryptPasswordEncoder(BCRYPT_COST).encode("rename-pw-1");
        SOURCES.dataset("hashes").style(Style.NONE).records(List.of(idRecord("adm-1", name, null).put("hash", hash)));
        assertThat(runImport("hashes").get("created").asInt()).isEqualTo(1);
        SOURCES.dataset("hashes").records(List.of(idRecord("adm-1", UNHELD_ADMIN_USERNAME, null).put("hash", hash)));
        JsonNode rename = runImport("hashes");
        assertThat(codes(rename)).containsExactly("admin_account");
        assertThat(rename.get("failures").get(0).get("reason").asString()).startsWith("the username is an admin's");
        assertThat(canLogIn(name, "rename-pw-1")).isTrue();
        assertThat(isAdmin(uuidOf(name))).isFalse();
        assertThat(isAdmin(admin)).isTrue();
    }

    @Test
    void aLoginRehashesAnImportedHashAtTheConfiguredCostAndTheNextRunChangesNothing() {
        String name = TAG + "-rehash";
        BCryptPasswordEncoder cost6 = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, 6);
        String imported = cost6.encode("rehash-pw-1");
        String costly = "$2b$13$" + imported.substring(7);
        SOURCES.dataset("hashes").style(Style.NONE).records(List.of(
                idRecord("rh-1", name, null).put("hash", imported),
                idRecord("rh-2", TAG + "-costly", null).put("hash", costly)));
        JsonNode first = runImport("hashes");
        assertThat(first.get("created").asInt()).isEqualTo(1);
        assertThat(codes(first)).containsExactly("invalid_password_hash");
        assertThat(first.get("failures").get(0).get("reason").asString())
                .isEqualTo("password hash cost must be between 4 and 12, was 13");
        String uuid = uuidOf(name);
        assertThat(hashOf(uuid)).isEqualTo(imported);

        assertThat(canLogIn(name, "rehash-pw-1")).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> hashOf(uuid).startsWith("$2a$04$"));
        assertThat(eventsOf(uuid, "UserPasswordRehashed")).isEqualTo(1);
        assertThat(canLogIn(name, "rehash-pw-1")).isTrue();
        assertThat(canLogIn(name, "wrong-password")).isFalse();
        assertThat(eventsOf(uuid, "UserPasswordRehashed")).as("at the configured cost now").isEqualTo(1);

        // the source still sends the hash the login replaced: the same password, nothing to change
        JsonNode again = runImport("hashes");
        assertThat(again.get("unchanged").asInt()).isEqualTo(1);
        assertThat(again.get("updated").asInt()).isZero();
        assertThat(eventsOf(uuid, "UserPasswordChanged")).isZero();
        assertThat(hashOf(uuid)).startsWith("$2a$04$");

        // a new hash at the source is a change again
        String changed = cost6.encode("rehash-pw-2");
        SOURCES.dataset("hashes").records(List.of(idRecord("rh-1", name, null).put("hash", changed)));
        assertThat(runImport("hashes").get("updated").asInt()).isEqualTo(1);
        assertThat(hashOf(uuid)).isEqualTo(changed);
        assertThat(canLogIn(name, "rehash-pw-2")).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> hashOf(uuid).startsWith("$2a$04$"));
        assertThat(eventsOf(uuid, "UserPasswordRehashed")).isEqualTo(2);
    }

    // ---- admins only ----

    @Test
    void onlyAdminsMayImportOrSeeTheSourceOrItsRuns() {
        String user = register(uniqueName("plain"), "secret-pw").get("uuid").asString();
        String runId = parse(startImport(admin(), "legacy").getBody()).get("runs").get(0).get("runId").asString();
        awaitRun(runId);

        ResponseEntity<String> start = startImport(user, "legacy");
        assertThat(start.getStatusCode().value()).isEqualTo(403);
        assertThat(parse(start.getBody()).get("code").asString()).isEqualTo("forbidden");
        assertThat(start.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(get("/api/admin/v1/user-imports/{id}", user, runId).getStatusCode().value()).isEqualTo(403);
        assertThat(get("/api/admin/v1/user-imports", user).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> legacyGet = get("/http-req/get-user-data", user);
        assertThat(legacyGet.getStatusCode().value()).isEqualTo(403);
        assertThat(legacyGet.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"forbidden\",\"data\":null}");
        ResponseEntity<String> legacyPost = post("/http-req/post-user-data", user, Map.of());
        assertThat(legacyPost.getStatusCode().value()).isEqualTo(403);
        assertThat(legacyPost.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"forbidden\",\"data\":null}");
        assertThat(startImport(null, "legacy").getStatusCode().value()).isEqualTo(401);
        assertThat(get("/http-req/get-user-data", null).getStatusCode().value()).isEqualTo(401);

        ResponseEntity<String> unknownSource = startImport(admin(), "nope");
        assertThat(unknownSource.getStatusCode().value()).isEqualTo(404);
        assertThat(parse(unknownSource.getBody()).get("code").asString()).isEqualTo("unknown_source");
        assertThat(refused(post("/http-req/post-user-data?source=nope", admin(), Map.of())))
                .isEqualTo("no import source named 'nope'");
        ResponseEntity<String> unknownRun = get("/api/admin/v1/user-imports/{id}", admin(), UUID.randomUUID());
        assertThat(unknownRun.getStatusCode().value()).isEqualTo(404);
        assertThat(parse(unknownRun.getBody()).get("code").asString()).isEqualTo("run_not_found");
        assertThat(get("/api/admin/v1/user-imports/{id}", admin(), "not-a-uuid").getStatusCode().value())
                .isEqualTo(404);
        JsonNode recent = parse(get("/api/admin/v1/user-imports?limit=5", admin()).getBody()).get("runs");
        assertThat(recent.size()).isBetween(1, 5);
        assertThat(recent.get(0).has("failures")).as("lists leave the failures out").isFalse();
        assertThat(get("/api/admin/v1/user-imports?limit=0", admin()).getStatusCode().value()).isEqualTo(400);
    }
}
