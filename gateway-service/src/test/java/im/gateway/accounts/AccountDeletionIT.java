package im.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import im.gateway.support.GatewayITSupport;
import im.gateway.support.StandInServices;
import im.gateway.support.TestSocket;
import im.proto.Message;
import im.proto.events.EventEnvelope;
import im.proto.events.user.UserDeleted;
import im.proto.events.user.UserRegistered;
import im.proto.frames.Delivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Deleted accounts at the edge, against real Kafka: a {@code UserDeleted} on {@code im.user.events.v1} makes the
 * account's token count as invalid on REST routes and the WebSocket handshake and closes its open sockets; an account
 * user-service listed as deleted at start is refused as well.
 */
class AccountDeletionIT extends GatewayITSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String UNAUTHORIZED = "{\"code\":-1,\"msg\":\"unauthorized\",\"data\":null}";

    private static String newUser() {
        return "[usr]" + UUID.randomUUID();
    }

    private HttpResponse<String> getUser(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/user/x"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int handshakeStatus(String user, String token) {
        return handshakeStatus("user=" + TestSocket.encode(user), Map.of("Authorization", "Bearer " + token));
    }

    private int handshakeStatus(String query, Map<String, String> headers) {
        try (TestSocket socket = TestSocket.open(port, query, headers)) {
            return 101;
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    private void publishUserEvent(String uuid, com.google.protobuf.Message payload) {
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventType("im.user." + payload.getDescriptorForType().getName())
                .setAggregateId(uuid)
                .setAggregateSequence(7)
                .setTimestampMs(System.currentTimeMillis())
                .setPayload(Any.pack(payload))
                .build();
        kafka.send(topics.userEvents(), uuid, envelope.toByteArray()).join();
    }

    private void publishDeleted(String uuid) {
        publishUserEvent(uuid, UserDeleted.newBuilder().setUuid(uuid).setUsername("gone")
                .setDeletedAtMs(System.currentTimeMillis()).build());
    }

    private void publishDelivery(String recipient, String content) {
        Delivery delivery = Delivery.newBuilder().setRecipientUuid(recipient)
                .setFrame(Message.newBuilder().setFrom("[usr]sender").setTo(recipient).setMessageType(1)
                        .setContentType(1).setContent(content))
                .build();
        kafka.send(topics.framesDelivery(), recipient, delivery.toByteArray()).join();
    }

    @Test
    void aDeletedAccountsStillValidTokenIsAnswered401OnRestAndOnTheHandshake() throws Exception {
        String gone = newUser();
        String token = tokenFor(gone, "gone");
        assertThat(getUser(token).statusCode()).as("before the deletion").isEqualTo(200);
        assertThat(handshakeStatus(gone, token)).isEqualTo(101);

        publishDeleted(gone);

        await().atMost(Duration.ofSeconds(10)).until(() -> getUser(token).statusCode() == 401);
        HttpResponse<String> refused = getUser(token);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo(UNAUTHORIZED);
        assertThat(handshakeStatus(gone, token)).isEqualTo(401);
        String fresh = newUser();
        assertThat(getUser(tokenFor(fresh, "fresh")).statusCode()).as("other accounts are unaffected").isEqualTo(200);
    }

    @Test
    void theDeletedAccountsOpenSocketsAreClosedWith1008AndOtherUsersSocketsStayOpen() throws Exception {
        String gone = newUser();
        String other = newUser();
        try (TestSocket phone = TestSocket.open(port, gone, tokenFor(gone, "gone"));
             TestSocket laptop = TestSocket.open(port, gone, tokenFor(gone, "gone"));
             TestSocket otherSocket = TestSocket.open(port, other, tokenFor(other, "other"))) {
            phone.next();
            laptop.next();
            otherSocket.next();
            // undecodable records and other event types on the topic are skipped, the consumer goes on
            kafka.send(topics.userEvents(), gone, new byte[]{(byte) 0xFF, 0x00, 0x13}).join();
            publishUserEvent(other, UserRegistered.newBuilder().setUuid(other).setUsername("other").build());

            publishDeleted(gone);

            assertThat(phone.awaitCloseCode()).isEqualTo(1008);
            assertThat(phone.closeReason()).isEqualTo("account deleted");
            assertThat(laptop.awaitCloseCode()).isEqualTo(1008);
            assertThat(laptop.closeReason()).isEqualTo("account deleted");
            assertThat(otherSocket.isOpen()).isTrue();
            publishDelivery(other, "still here");
            assertThat(otherSocket.next().getContent()).isEqualTo("still here");
            assertThat(otherSocket.isOpen()).isTrue();
        }
    }

    @Test
    void anAccountUserServiceListedAsDeletedAtStartIsRefused() throws Exception {
        String listed = StandInServices.LISTED_DELETED;
        String token = tokenFor(listed, "listed");
        HttpResponse<String> refused = getUser(token);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo(UNAUTHORIZED);
        assertThat(handshakeStatus(listed, token)).isEqualTo(401);
        assertThat(handshakeStatus("user=" + TestSocket.encode(listed) + "&token=" + token, Map.of()))
                .as("the token as query parameter").isEqualTo(401);
        assertThat(handshakeStatus("user=" + TestSocket.encode(listed), Map.of("Cookie", "im_token=" + token)))
                .as("the token as cookie").isEqualTo(401);
    }

    @Test
    void theStartLoadAskedForTheDeletionsWithinTheTokenLifetime() {
        long expectedSince = System.currentTimeMillis() - Duration.ofDays(7).plusHours(1).toMillis();
        assertThat(SERVICES.deletedListSinceMs).isNotEmpty();
        assertThat(SERVICES.deletedListSinceMs.get(0))
                .as("now - token TTL (7 d) - 1 h margin, asked when this test context started")
                .isBetween(expectedSince - Duration.ofMinutes(30).toMillis(), expectedSince);
    }
}
