package im.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.gateway.delivery.DeliveryConsumer;
import im.gateway.support.StandInServices;
import im.gateway.support.TestSocket;
import im.platform.security.TokenService;
import im.platform.test.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A gateway of its own whose user-service answers the deleted-accounts route with 503 at first: the gateway is not
 * ready (overall health and readiness DOWN, liveness UP) and answers authenticated requests and handshakes 503; once
 * the route answers, it becomes ready and refuses the listed account's token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeletedAccountsReadinessIT {

    private static final StandInServices SERVICES = StandInServices.withFailingDeletedList();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String UNAVAILABLE = "{\"code\":-1,\"msg\":\"service unavailable\",\"data\":null}";

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "gateway_it");
        registry.add("im.gateway.instance-id", () -> "gw-it-readiness");
        registry.add("im.gateway.services.user", () -> StandInServices.url(SERVICES.user));
        registry.add("im.gateway.services.group", () -> StandInServices.url(SERVICES.group));
        registry.add("im.gateway.services.messaging", () -> StandInServices.url(SERVICES.messaging));
        registry.add("im.gateway.services.media", () -> StandInServices.url(SERVICES.media));
        registry.add("im.gateway.deleted-accounts.retry-min", () -> "50ms");
        registry.add("im.gateway.deleted-accounts.retry-max", () -> "200ms");
    }

    @LocalServerPort
    private int port;
    @Autowired
    private TokenService tokens;
    @Autowired
    private DeliveryConsumer deliveryConsumer;

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int handshakeStatus(String user, String token) {
        try (TestSocket socket = TestSocket.open(port, user, token)) {
            return 101;
        } catch (CompletionException e) {
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    @Test
    void notReadyWhileUserServiceFailsTheListThenReadyAndTheListedAccountIsRefused() throws Exception {
        String someone = "[usr]5e5e5e5e-1111-4222-8333-444455556666";
        String someonesToken = tokens.issue(someone, "someone").token();
        String listedToken = tokens.issue(StandInServices.LISTED_DELETED, "listed").token();
        await().atMost(Duration.ofSeconds(30)).until(deliveryConsumer::isAssigned);
        await().atMost(Duration.ofSeconds(30)).until(() -> SERVICES.deletedListSinceMs.size() >= 3);

        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"");
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/liveness", null).statusCode()).as("alive: it retries on its own")
                .isEqualTo(200);
        HttpResponse<String> api = get("/user/x", someonesToken);
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.body()).isEqualTo(UNAVAILABLE);
        assertThat(handshakeStatus(someone, someonesToken)).isEqualTo(503);
        assertThat(get("/user/x", "forged.token.value").statusCode()).as("an invalid token stays 401")
                .isEqualTo(401);

        SERVICES.deletedListFails = false;

        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
        HttpResponse<String> ready = get("/actuator/health", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");
        assertThat(get("/user/x", someonesToken).statusCode()).isEqualTo(200);
        assertThat(handshakeStatus(someone, someonesToken)).isEqualTo(101);
        HttpResponse<String> listed = get("/user/x", listedToken);
        assertThat(listed.statusCode()).isEqualTo(401);
        assertThat(listed.body()).isEqualTo("{\"code\":-1,\"msg\":\"unauthorized\",\"data\":null}");
        assertThat(handshakeStatus(StandInServices.LISTED_DELETED, listedToken)).isEqualTo(401);
    }
}
