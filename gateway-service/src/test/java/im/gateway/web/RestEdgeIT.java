package im.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.support.GatewayITSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST side of the gateway: routing, token check, caller headers, CORS, limits, the static web client. */
class RestEdgeIT extends GatewayITSupport {

    @Autowired
    private ManagementServer management;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UNAUTHORIZED = "{\"code\":-1,\"msg\":\"unauthorized\",\"data\":null}";

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
    }

    private HttpRequest.Builder authorized(String pathAndQuery, String uuid, String username) {
        return request(pathAndQuery).header("Authorization", "Bearer " + tokenFor(uuid, username));
    }

    private static JsonNode echo(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void eachLegacyRouteReachesItsService() throws Exception {
        String[][] routes = {
                {"/user?uuid=a", "user"}, {"/user/name?name=x", "user"}, {"/friend", "user"},
                {"/interact?uuid=a", "user"}, {"/all-interact", "user"}, {"/http-req/get-user-data", "user"},
                {"/http-req/post-user-data", "user"}, {"/api/admin/v1/user-imports", "user"},
                {"/group?uuid=a", "group"}, {"/group/user/g", "group"}, {"/group/info/g", "group"},
                {"/message?Uuid=a&FriendUsername=b&MessageType=1", "messaging"}, {"/message/id?ID=1", "messaging"},
                {"/forward?ID=1", "messaging"}, {"/file", "media"}, {"/file/a.png", "media"}};
        for (String[] route : routes) {
            JsonNode echo = echo(send(authorized(route[0], "[usr]me", "me")));
            assertThat(echo.get("service").asString()).as(route[0]).isEqualTo(route[1]);
            assertThat(echo.get("uri").asString()).as(route[0]).isEqualTo(route[0]);
        }
    }

    @Test
    void theVerifiedCallerIsPassedOnAndClientSentCallerHeadersAreDropped() throws Exception {
        JsonNode echo = echo(send(authorized("/user/x", "[usr]me", "nami")
                .header("X-IM-User-Id", "[usr]victim").header("X-IM-Username", "victim")));
        assertThat(echo.get("userId").asString()).isEqualTo("[usr]me");
        assertThat(echo.get("username").asString()).isEqualTo("nami");
        assertThat(echo.get("userIdCount").asInt()).isEqualTo(1);
    }

    @Test
    void theSessionCookieAuthenticatesToo() throws Exception {
        JsonNode echo = echo(send(request("/group/[usr]me".replace("[", "%5B").replace("]", "%5D"))
                .header("Cookie", "im_token=" + tokenFor("[usr]me", "nami"))));
        assertThat(echo.get("service").asString()).isEqualTo("group");
        assertThat(echo.get("userId").asString()).isEqualTo("[usr]me");
    }

    @Test
    void withoutAValidTokenTheApiAnswers401() throws Exception {
        HttpResponse<String> none = send(request("/user/x").header("X-IM-User-Id", "[usr]victim"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEqualTo(UNAUTHORIZED);
        HttpResponse<String> forged = send(request("/message?Uuid=a").header("Authorization", "Bearer not.a.token"));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).isEqualTo(UNAUTHORIZED);
        HttpResponse<String> unknownApi = send(request("/api/v1/anything"));
        assertThat(unknownApi.statusCode()).isEqualTo(401);
    }

    @Test
    void theSyncApiReachesMessagingWithTheVerifiedCallerAndNeedsAToken() throws Exception {
        for (String path : new String[]{"/api/v1/openapi", "/api/v1/conversations?limit=5", "/api/v1"}) {
            HttpResponse<String> none = send(request(path));
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.body()).as(path).isEqualTo(UNAUTHORIZED);
            JsonNode echo = echo(send(authorized(path, "[usr]me", "nami").header("X-IM-User-Id", "[usr]victim")));
            assertThat(echo.get("service").asString()).as(path).isEqualTo("messaging");
            assertThat(echo.get("uri").asString()).as(path).isEqualTo(path);
            assertThat(echo.get("userId").asString()).as(path).isEqualTo("[usr]me");
            assertThat(echo.get("userIdCount").asInt()).as(path).isEqualTo(1);
            assertThat(echo.get("username").asString()).as(path).isEqualTo("nami");
        }
        JsonNode post = echo(send(authorized("/api/v1/conversations/x/read", "[usr]me", "nami")
                .POST(HttpRequest.BodyPublishers.ofString("{\"seq\":3}")).header("Content-Type", "application/json")));
        assertThat(post.get("method").asString()).isEqualTo("POST");
        assertThat(post.get("bodyBytes").asInt()).isEqualTo(9);
        assertThat(send(request("/api/v1/x").method("DELETE", HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(401);
        HttpResponse<String> otherVersion = send(authorized("/api/v2/x", "[usr]me", "me"));
        assertThat(otherVersion.statusCode()).as("only /api/v1 is routed").isEqualTo(404);
        assertThat(otherVersion.body()).doesNotContain("\"service\"");
    }

    @Test
    void theAdminApiReachesUserServiceWithTheVerifiedCallerAndNeedsAToken() throws Exception {
        for (String path : new String[]{"/api/admin/v1/user-imports", "/api/admin/v1/user-imports/1f0c",
                "/api/admin/v1/user-imports?limit=5", "/api/admin/v1/users/%5Busr%5Da/password"}) {
            HttpResponse<String> none = send(request(path));
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.body()).as(path).isEqualTo(UNAUTHORIZED);
            JsonNode echo = echo(send(authorized(path, "[usr]me", "root").header("X-IM-User-Id", "[usr]victim")));
            assertThat(echo.get("service").asString()).as(path).isEqualTo("user");
            assertThat(echo.get("userId").asString()).as(path).isEqualTo("[usr]me");
            assertThat(echo.get("userIdCount").asInt()).as(path).isEqualTo(1);
        }
        JsonNode post = echo(send(authorized("/api/admin/v1/user-imports", "[usr]me", "root")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"hr\"}"))
                .header("Content-Type", "application/json")));
        assertThat(post.get("service").asString()).isEqualTo("user");
        assertThat(post.get("method").asString()).isEqualTo("POST");
        for (String path : new String[]{"/api/admin/v1/groups", "/api/admin/v2/user-imports", "/api/admin"}) {
            HttpResponse<String> unrouted = send(authorized(path, "[usr]me", "root"));
            assertThat(unrouted.statusCode()).as(path).isEqualTo(404);
            assertThat(unrouted.body()).as(path).doesNotContain("\"service\"");
        }
    }

    @Test
    void registerLoginAndFileDownloadsArePublicWithoutCallerHeaders() throws Exception {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{\"username\":\"nami\"}");
        JsonNode login = echo(send(request("/user/login").POST(body).header("X-IM-User-Id", "[usr]victim")));
        assertThat(login.get("service").asString()).isEqualTo("user");
        assertThat(login.get("userId").asString()).isEmpty();
        assertThat(login.get("bodyBytes").asInt()).isEqualTo(19);
        assertThat(echo(send(request("/user/register").POST(body))).get("uri").asString())
                .isEqualTo("/user/register");
        assertThat(echo(send(request("/file/a.png"))).get("service").asString()).isEqualTo("media");
        assertThat(send(request("/file").POST(body)).statusCode()).isEqualTo(401);
    }

    @Test
    void rawBracketsInPathsAsBrowsersSendThemAreRouted() throws Exception {
        String response = raw("GET /user/[usr]abc?uuid=[usr]abc HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + tokenFor("[usr]abc", "abc") + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(response).contains("\"service\":\"user\"")
                .contains("\"uri\":\"/user/%5Busr%5Dabc?uuid=%5Busr%5Dabc\"")
                .contains("\"userId\":\"[usr]abc\"");
    }

    @Test
    void servicesInternalAndActuatorEndpointsAreNotReachable() throws Exception {
        String token = tokenFor("[usr]me", "me");
        for (String path : new String[]{"/user/../internal/v1/inbox/x/pending", "/user/%2e%2e/internal/v1/x",
                "/user/..;/actuator/env", "/file/..%2factuator"}) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(response).as(path).startsWith("HTTP/1.1 400");
        }
        HttpResponse<String> internal = send(request("/internal/v1/inbox/x/pending").header("Accept", "*/*"));
        assertThat(internal.statusCode()).isEqualTo(404);
        assertThat(internal.body()).doesNotContain("service");
    }

    @Test
    void encodedUnreservedCharactersCannotSkipTheTokenOrHandshakeCheck() throws Exception {
        for (String path : new String[]{"/%75ser/name?name=x", "/%73ocket.io?user=x", "/user/%6Eame?name=x"}) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(response).as(path).startsWith("HTTP/1.1 400");
            assertThat(response).as(path).doesNotContain("\"service\"");
        }
    }

    @Test
    void loginIsLimitedPerClientAddress() throws Exception {
        // from an address of its own (127.0.0.2), so the other tests' logins from 127.0.0.1 are not counted
        InetAddress client = InetAddress.getByName("127.0.0.2");
        String login = "POST /user/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
        for (int i = 0; i < 30; i++) {
            assertThat(raw(client, login)).as("login " + (i + 1)).startsWith("HTTP/1.1 200")
                    .contains("\"service\":\"user\"");
        }
        String refused = raw(client, login);
        assertThat(refused).startsWith("HTTP/1.1 429")
                .endsWith("{\"code\":-1,\"msg\":\"too many requests\",\"data\":null}");
        assertThat(raw(client, login.replace("X-Forwarded-For", "").replace("Host: localhost",
                "Host: localhost\r\nX-Forwarded-For: 203.0.113.7"))).as("X-Forwarded-For is not trusted")
                .startsWith("HTTP/1.1 429");
        assertThat(raw(login)).as("another client address").startsWith("HTTP/1.1 200");
    }

    @Test
    void messageWritesAreLimitedPerUserWithTheLegacyEnvelopeOrAProblemDocument() throws Exception {
        String heavy = "[usr]heavy-writer";
        HttpRequest.BodyPublisher json = HttpRequest.BodyPublishers.ofString("{}");
        HttpRequest.Builder[] writes = {
                authorized("/forward", heavy, "heavy").POST(json),
                authorized("/message/id", heavy, "heavy").PUT(json),
                authorized("/message/id/delete-all?ID=1", heavy, "heavy").DELETE(),
                authorized("/message/id/delete-self?ID=1", heavy, "heavy").DELETE(),
                authorized("/api/v1/conversations/x/messages/1/forward", heavy, "heavy").POST(json)};
        assertThat(writes).hasSize(MESSAGE_WRITE_BURST);
        for (HttpRequest.Builder write : writes) {
            assertThat(echo(send(write)).get("service").asString()).isEqualTo("messaging");
        }

        HttpResponse<String> legacy = send(authorized("/forward", heavy, "heavy").POST(json)
                .header("Content-Type", "application/json"));
        assertThat(legacy.statusCode()).isEqualTo(429);
        assertThat(legacy.body()).isEqualTo("{\"code\":-1,\"msg\":\"too many requests\",\"data\":null}");
        assertThat(legacy.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Long.parseLong(legacy.headers().firstValue("Retry-After").orElseThrow()))
                .as("one token an hour: about an hour, in whole seconds").isBetween(3000L, 3600L);

        HttpResponse<String> api = send(authorized("/api/v1/conversations/x/read", heavy, "heavy").PUT(json)
                .header("Content-Type", "application/json"));
        assertThat(api.statusCode()).isEqualTo(429);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\","
                + "\"status\":429,\"detail\":\"too many requests\",\"code\":\"rate_limited\"}");
        assertThat(api.headers().firstValue("Retry-After")).isPresent();

        assertThat(echo(send(authorized("/message/id?ID=1", heavy, "heavy"))).get("method").asString())
                .as("reads are not limited").isEqualTo("GET");
        assertThat(echo(send(authorized("/api/v1/conversations?limit=5", heavy, "heavy"))).get("service").asString())
                .isEqualTo("messaging");
        JsonNode bystander = echo(send(authorized("/forward", "[usr]bystander", "bystander").POST(json)));
        assertThat(bystander.get("userId").asString()).as("another user is not affected").isEqualTo("[usr]bystander");

        HttpResponse<String> anonymous = send(request("/forward").POST(json));
        assertThat(anonymous.statusCode()).as("the token check answers first").isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo(UNAUTHORIZED);
        HttpResponse<String> forged = send(request("/api/v1/conversations/x/read").PUT(json)
                .header("Authorization", "Bearer not.a.token").header("X-IM-User-Id", heavy));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void corsHeadersOnlyWithAnOriginAndNeverWildcardWithCredentials() throws Exception {
        HttpResponse<String> cross = send(authorized("/user/x", "[usr]me", "me").header("Origin", "http://localhost:3000"));
        assertThat(cross.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");
        assertThat(cross.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(cross.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValue("POST, GET, OPTIONS, PUT, DELETE, UPDATE");
        assertThat(cross.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValue("Origin, X-Requested-With, Content-Type, Accept, Authorization");
        assertThat(cross.headers().firstValue("Access-Control-Expose-Headers")).hasValue("Content-Length, "
                + "Access-Control-Allow-Origin, Access-Control-Allow-Headers, Cache-Control, Content-Language, "
                + "Content-Type");
        HttpResponse<String> sameSite = send(authorized("/user/x", "[usr]me", "me"));
        assertThat(sameSite.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> refused = send(request("/user/x").header("Origin", "http://localhost:3000"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void everyOptionsRequestIsOkWithoutAToken() throws Exception {
        for (String path : new String[]{"/user/x", "/message", "/no/such/route", "/socket.io"}) {
            HttpResponse<String> response = send(request(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://localhost:3000")
                    .header("Access-Control-Request-Method", "POST"));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo("\"ok!\"");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
        }
    }

    @Test
    void oversizedBodiesAre413() throws Exception {
        byte[] twoMiB = new byte[2 * 1024 * 1024];
        HttpResponse<String> big = send(request("/user/register").POST(HttpRequest.BodyPublishers.ofByteArray(twoMiB))
                .header("Content-Type", "application/json"));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("\"code\":-1");
        HttpResponse<String> upload = send(authorized("/file", "[usr]me", "me")
                .POST(HttpRequest.BodyPublishers.ofByteArray(twoMiB)));
        assertThat(echo(upload).get("bodyBytes").asInt()).isEqualTo(twoMiB.length);
    }

    @Test
    void theWebClientIsServedWithASinglePageFallback() throws Exception {
        HttpResponse<String> root = send(request("/").header("Accept", "text/html"));
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).contains("go-chat-web");
        HttpResponse<String> script = send(request("/app.js"));
        assertThat(script.body()).isEqualTo("console.log('app');");
        assertThat(script.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        HttpResponse<String> clientRoute = send(request("/panel/abc").header("Accept", "text/html,*/*"));
        assertThat(clientRoute.statusCode()).isEqualTo(200);
        assertThat(clientRoute.body()).contains("go-chat-web");
        assertThat(send(request("/missing.png").header("Accept", "image/*")).statusCode()).isEqualTo(404);
        String escape = raw("GET /../" + WEB_ROOT.getFileName() + "-secret.txt HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(escape).doesNotContain("outside the root");
    }

    @Test
    void onlyTheHealthOfTheActuatorIsPublicAndTheMetricsHaveAPortOfTheirOwn() throws Exception {
        HttpResponse<String> health = send(request("/actuator/health"));
        assertThat(health.statusCode()).as("what the local launcher waits on").isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(send(request("/actuator/health/liveness")).statusCode()).isEqualTo(200);
        assertThat(send(request("/actuator/health/readiness")).statusCode()).isEqualTo(200);
        for (String path : new String[]{"/actuator", "/actuator/", "/actuator/prometheus", "/actuator/prometheus/",
                "//actuator/prometheus", "/actuator//prometheus", "/actuator/info", "/actuator/metrics",
                "/actuator/env", "/actuator/gateway/routes", "/actuator/healthx"}) {
            HttpResponse<String> response = send(authorized(path, "[usr]me", "me").header("Accept", "*/*"));
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("im_gateway").doesNotContain("jvm_");
        }
        assertThat(raw("GET /actuator/health/../prometheus HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 400");

        assertThat(management.port()).isPositive();
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + management.port() + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/plain"));
        assertThat(metrics.body()).contains("im_gateway_sockets_open").contains("im_gateway_frames_in_total");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management.port()
                + "/actuator/env")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    /** A request written byte for byte (HTTP clients would encode or normalise the path first). */
    private String raw(String request) throws IOException {
        return raw(InetAddress.getLoopbackAddress(), request);
    }

    /** {@link #raw(String)} from the local address {@code client}. */
    private String raw(InetAddress client, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, client, 0)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
