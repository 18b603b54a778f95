package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import im.gateway.support.GatewayITSupport;
import im.gateway.support.StandInServices;
import im.gateway.support.TestSocket;
import im.gateway.support.TopicTail;
import im.proto.Message;
import im.proto.frames.Delivery;
import im.proto.frames.DeliveryReceipt;
import im.proto.frames.InboundFrame;
import java.io.DataInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The WebSocket side of the gateway, with a real client speaking protobuf and real Kafka. */
class ChatSocketIT extends GatewayITSupport {

    private static final String YOU = "[usr]0b5e3f3a-7c1d-4e2f-9a8b-1c2d3e4f5a6b";
    private static final String TOO_MANY = "{\"code\":-1,\"msg\":\"too many requests\",\"data\":null}";
    private static final String BAD_SINCE = "{\"code\":-1,\"msg\":\"bad since\",\"data\":null}";

    private static String newUser() {
        return "[usr]" + UUID.randomUUID();
    }

    private TestSocket connect(String user) {
        return TestSocket.open(port, user, tokenFor(user, "name-" + user.substring(5, 13)));
    }

    /** A socket of {@code user} with more handshake parameters ({@code query}: {@code &v=2...}). */
    private TestSocket connect(String user, String query) {
        return TestSocket.open(port, "user=" + TestSocket.encode(user) + query,
                Map.of("Authorization", "Bearer " + tokenFor(user, "name-" + user.substring(5, 13))));
    }

    private static int handshakeStatus(Runnable open) {
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(open::run);
        assertThat(error).isInstanceOf(CompletionException.class);
        assertThat(error.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) error.getCause()).getResponse().statusCode();
    }

    private static Message text(String to, String content) {
        return Message.newBuilder().setTo(to).setMessageType(1).setContentType(1).setContent(content).build();
    }

    private static InboundFrame inbound(ConsumerRecord<String, byte[]> record) {
        try {
            return InboundFrame.parseFrom(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static DeliveryReceipt receipt(ConsumerRecord<String, byte[]> record) {
        try {
            return DeliveryReceipt.parseFrom(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void publish(Delivery delivery) {
        kafka.send(topics.framesDelivery(), delivery.getRecipientUuid(), delivery.toByteArray()).join();
    }

    private static Delivery delivery(String recipient, long inboxSeq, String content) {
        return Delivery.newBuilder().setRecipientUuid(recipient).setInboxSeq(inboxSeq)
                .setFrame(Message.newBuilder().setFrom("[usr]sender").setTo(recipient).setMessageType(1)
                        .setContentType(1).setContent(content))
                .build();
    }

    private static Delivery ofType(String recipient, long inboxSeq, String type) {
        return Delivery.newBuilder().setRecipientUuid(recipient).setInboxSeq(inboxSeq)
                .setFrame(Message.newBuilder().setFrom("[usr]sender").setTo(recipient).setMessageType(1)
                        .setType(type).setSeq(1).setContent(type + " " + inboxSeq))
                .build();
    }

    private static Message ack(long inboxSeq) {
        return Message.newBuilder().setType("ack").setInboxSeq(inboxSeq).build();
    }

    private static String conversationKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    @Test
    void theUpgradeIsRefusedWithoutAValidTokenOrForAnotherUser() {
        String me = newUser();
        String token = tokenFor(me, "me");
        assertThat(handshakeStatus(() -> TestSocket.open(port, "user=" + TestSocket.encode(me), Map.of())))
                .isEqualTo(401);
        assertThat(handshakeStatus(() -> TestSocket.open(port, me, "forged.token.value"))).isEqualTo(401);
        assertThat(handshakeStatus(() -> TestSocket.open(port, newUser(), token))).isEqualTo(403);
        assertThat(handshakeStatus(() -> TestSocket.open(port, "", token))).isEqualTo(403);
    }

    @Test
    void aCookieHandshakeFromAForeignPageIsRefusedButFromTheGatewaysOwnOriginAccepted() {
        String me = newUser();
        String cookie = "im_token=" + tokenFor(me, "me");
        String query = "user=" + TestSocket.encode(me);
        assertThat(handshakeStatus(() -> TestSocket.open(port, query,
                Map.of("Cookie", cookie, "Origin", "http://evil.example")))).isEqualTo(403);
        try (TestSocket socket = TestSocket.open(port, query,
                Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + port))) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
        }
        try (TestSocket socket = TestSocket.open(port, query + "&token=" + tokenFor(me, "me"),
                Map.of("Origin", "http://evil.example"))) {
            assertThat(socket.next().getContent()).as("a query token is not sent by the browser on its own")
                    .isEqualTo("welcome!");
        }
    }

    @Test
    void theFirstFrameIsTheWelcome() {
        String me = newUser();
        try (TestSocket socket = connect(me)) {
            assertThat(socket.next()).isEqualTo(Message.newBuilder()
                    .setFrom("system").setTo(me).setContent("welcome!").build());
        }
    }

    @Test
    void heartbeatsOfBothSpellingsArePongedAndGoNowhere() throws Exception {
        String me = newUser();
        try (TestSocket socket = connect(me); TopicTail inboundTopic = new TopicTail(kafkaBootstrap(),
                topics.framesInbound())) {
            socket.next();
            socket.send(Message.newBuilder().setType("heatbeat").setContent("ping").build());
            assertThat(socket.next()).isEqualTo(Message.newBuilder().setType("heatbeat").setContent("pong").build());
            socket.send(Message.newBuilder().setType("heartbeat").setContent("ping").setTo("[usr]x")
                    .setMessageType(1).setContentType(1).build());
            assertThat(socket.next()).isEqualTo(Message.newBuilder().setType("heartbeat").setContent("pong").build());
            socket.send(text(newUser(), "after the heartbeats"));
            InboundFrame first = inbound(inboundTopic.first(record -> inbound(record).getSenderUuid().equals(me)));
            assertThat(first.getFrame().getContent()).isEqualTo("after the heartbeats");
        }
    }

    @Test
    void aValidFrameGoesToKafkaStampedWithTheAuthenticatedSender() {
        String me = newUser();
        String you = newUser();
        try (TestSocket socket = TestSocket.open(port, me, tokenFor(me, "nami"));
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            socket.next();
            socket.send(Message.newBuilder(text(you, "hello")).setFromUsername("someone").setUrl("x.png")
                    .setSeq(99).setClientMessageId("c-1").build());
            ConsumerRecord<String, byte[]> record = inboundTopic.first(r -> inbound(r).getSenderUuid().equals(me));
            InboundFrame frame = inbound(record);
            assertThat(record.key()).isEqualTo(me.compareTo(you) < 0 ? me + "|" + you : you + "|" + me);
            assertThat(frame.getFrame()).isEqualTo(Message.newBuilder().setFrom(me).setFromUsername("nami")
                    .setTo(you).setMessageType(1).setContentType(1).setContent("hello").setClientMessageId("c-1")
                    .build());
            assertThat(frame.getSenderUsername()).isEqualTo("nami");
            assertThat(frame.getGatewayId()).isEqualTo("gw-it");
            assertThat(frame.getConnectionId()).isNotBlank();
            assertThat(frame.getFrameId()).isNotBlank();
            assertThat(frame.getReceivedAtMs()).isPositive();
        }
    }

    @Test
    void aSpoofedSenderGetsAnErrorFrameAndNothingIsForwarded() {
        String me = newUser();
        try (TestSocket socket = connect(me);
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            socket.next();
            socket.send(Message.newBuilder(text(YOU, "as the victim")).setFrom("[usr]victim")
                    .setClientMessageId("c-9").build());
            Message error = socket.next();
            assertThat(error.getFrom()).isEqualTo("system");
            assertThat(error.getTo()).isEqualTo(me);
            assertThat(error.getType()).isEqualTo("error");
            assertThat(error.getErrorCode()).isEqualTo("spoofed_sender");
            assertThat(error.getClientMessageId()).isEqualTo("c-9");
            assertThat(error.getContent()).isNotBlank();
            socket.send(text(YOU, "honest"));
            InboundFrame first = inbound(inboundTopic.first(record -> inbound(record).getSenderUuid().equals(me)));
            assertThat(first.getFrame().getContent()).isEqualTo("honest");
        }
    }

    @Test
    void badInputIsAnsweredWithErrorFramesAndTheSocketKeepsWorking() {
        String me = newUser();
        try (TestSocket socket = connect(me)) {
            socket.next();
            socket.sendText("hello as text");
            assertThat(socket.next().getErrorCode()).isEqualTo("text_frames_not_supported");
            socket.sendBytes(new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            assertThat(socket.next().getErrorCode()).isEqualTo("bad_frame");
            socket.send(Message.newBuilder(text(YOU, "x")).setMessageType(7).build());
            assertThat(socket.next().getErrorCode()).isEqualTo("unknown_message_type");
            socket.send(text("", "to nobody"));
            assertThat(socket.next().getErrorCode()).isEqualTo("missing_recipient");
            socket.send(text(YOU, "x".repeat(5001)));
            assertThat(socket.next().getErrorCode()).isEqualTo("text_too_long");
            socket.send(Message.newBuilder(text(YOU, "")).setContentType(3).build());
            assertThat(socket.next().getErrorCode()).as("a picture without its bytes").isEqualTo("bad_file");
            socket.send(Message.newBuilder(text(YOU, "")).setContentType(5).build());
            assertThat(socket.next().getErrorCode()).isEqualTo("unsupported_content_type");
            socket.send(text("[usr]you", "not an id"));
            assertThat(socket.next().getErrorCode()).isEqualTo("bad_recipient");
            socket.send(Message.newBuilder(text(YOU, "x")).setClientMessageId("c".repeat(129)).build());
            Message invalidId = socket.next();
            assertThat(invalidId.getErrorCode()).isEqualTo("invalid_client_message_id");
            socket.send(Message.newBuilder(text(YOU, "x")).setType("t".repeat(33)).build());
            assertThat(socket.next().getErrorCode()).isEqualTo("invalid_type");
            socket.send(text(YOU, "a NUL \u0000 would stall the projection"));
            assertThat(socket.next().getErrorCode()).isEqualTo("invalid_text");
            socket.send(Message.newBuilder().setType("heatbeat").build());
            assertThat(socket.next().getContent()).isEqualTo("pong");
        }
    }

    @Test
    void anOversizedFrameClosesTheSocketWith1009() {
        String me = newUser();
        try (TestSocket socket = connect(me)) {
            socket.next();
            try {
                socket.sendBytes(new byte[MAX_FRAME_BYTES + 1]);
            } catch (java.util.concurrent.CompletionException closedWhileSending) {
                // the server closed the connection while the client was still writing the frame
            }
            // the server answers 1009 and closes; on loopback the TCP reset can overtake the close frame before the
            // client reads it, so "aborted" is the other acceptable end. Still open, or any other code, fails.
            assertThat(socket.awaitClosed()).isIn(1009, TestSocket.ABORTED);
        }
    }

    @Test
    void aDeliveryReachesEverySocketOfTheRecipientAndIsAcknowledged() {
        String me = newUser();
        try (TestSocket phone = connect(me); TestSocket laptop = connect(me); TestSocket other = connect(newUser());
             TopicTail receipts = new TopicTail(kafkaBootstrap(), topics.framesReceipts())) {
            phone.next();
            laptop.next();
            other.next();
            publish(delivery(me, 1, "to both devices"));
            Message onPhone = phone.next();
            Message onLaptop = laptop.next();
            assertThat(onPhone.getContent()).isEqualTo("to both devices");
            assertThat(onPhone.getInboxSeq()).isEqualTo(1);
            assertThat(onLaptop).isEqualTo(onPhone);
            ConsumerRecord<String, byte[]> record = receipts.first(r -> receipt(r).getRecipientUuid().equals(me));
            assertThat(record.key()).isEqualTo(me);
            assertThat(receipt(record).getUpToInboxSeq()).isEqualTo(1);
            assertThat(receipt(record).getGatewayId()).isEqualTo("gw-it");
            assertThat(receipt(record).getConnectionId()).isNotBlank();
            phone.close();
            publish(delivery(me, 2, "after the phone left"));
            assertThat(laptop.next().getContent()).isEqualTo("after the phone left");
        }
    }

    @Test
    void theSameInboxSeqIsNotWrittenTwice() throws Exception {
        String me = newUser();
        try (TestSocket socket = connect(me)) {
            socket.next();
            publish(delivery(me, 5, "five"));
            publish(delivery(me, 5, "five again"));
            publish(delivery(me, 4, "older"));
            publish(delivery(me, 6, "six"));
            assertThat(socket.next().getContent()).isEqualTo("five");
            assertThat(socket.next().getContent()).isEqualTo("six");
            socket.expectNothing(Duration.ofMillis(300));
        }
    }

    @Test
    void aFrameForOneConnectionReachesOnlyThatSocket() throws Exception {
        String me = newUser();
        try (TestSocket first = connect(me); TestSocket second = connect(me);
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            first.next();
            second.next();
            first.send(text(YOU, "from the first socket"));
            String firstConnection = inbound(inboundTopic.first(r -> inbound(r).getSenderUuid().equals(me)))
                    .getConnectionId();
            Delivery refusal = Delivery.newBuilder().setRecipientUuid(me).setTargetConnectionId(firstConnection)
                    .setFrame(Message.newBuilder().setFrom("system").setTo(me).setType("error")
                            .setErrorCode("unknown_recipient"))
                    .build();
            publish(refusal);
            publish(Delivery.newBuilder(delivery(me, 0, "echo to my other devices"))
                    .setExcludeConnectionId(firstConnection).build());
            assertThat(first.next().getErrorCode()).isEqualTo("unknown_recipient");
            assertThat(second.next().getContent()).isEqualTo("echo to my other devices");
            first.expectNothing(Duration.ofMillis(300));
            second.expectNothing(Duration.ofMillis(100));
        }
    }

    @Test
    void pendingInboxEntriesArriveOnConnectInOrderThenLiveOnesWithoutRepeats() throws Exception {
        String me = newUser();
        StandInServices.pending.put(me, List.of(delivery(me, 1, "p1"), delivery(me, 2, "p2"),
                delivery(me, 3, "p3")));
        try (TopicTail receipts = new TopicTail(kafkaBootstrap(), topics.framesReceipts());
             TestSocket socket = connect(me)) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
            assertThat(socket.next().getContent()).isEqualTo("p1");
            assertThat(socket.next().getContent()).isEqualTo("p2");
            assertThat(socket.next().getContent()).isEqualTo("p3");
            receipts.first(r -> receipt(r).getRecipientUuid().equals(me) && receipt(r).getUpToInboxSeq() == 3);
            publish(delivery(me, 3, "p3 live"));
            publish(delivery(me, 4, "p4 live"));
            assertThat(socket.next().getContent()).isEqualTo("p4 live");
            socket.expectNothing(Duration.ofMillis(300));
        } finally {
            StandInServices.pending.remove(me);
        }
        assertThat(StandInServices.pendingRequests).anyMatch(uri -> uri.contains("limit=200")
                && uri.contains("after=0") && uri.contains(TestSocket.encode(me).replace("+", "%20").substring(0, 3)));
    }

    @Test
    void aLongPendingInboxIsFetchedPageByPage() {
        String me = newUser();
        List<Delivery> many = new java.util.ArrayList<>();
        for (int seq = 1; seq <= 1203; seq++) {
            many.add(delivery(me, seq, "m" + seq));
        }
        StandInServices.pending.put(me, many);
        try (TestSocket socket = connect(me)) {
            socket.next();
            for (int seq = 1; seq <= 1203; seq++) {
                assertThat(socket.next().getInboxSeq()).isEqualTo(seq);
            }
        } finally {
            StandInServices.pending.remove(me);
        }
        assertThat(StandInServices.pendingRequests).anyMatch(uri -> uri.contains("after=1000"));
    }

    @Test
    void whenThePendingInboxCannotBeFetchedTheSocketIsClosedWith1013AndNotLive() throws Exception {
        String me = newUser();
        StandInServices.failingPending.add(me);
        try (TestSocket socket = connect(me)) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
            assertThat(socket.awaitCloseCode()).isEqualTo(1013);
        } finally {
            StandInServices.failingPending.remove(me);
        }
    }

    @Test
    void aDeliveryAtOrBelowTheDeliveredSeqOfThePendingAnswerIsNotWrittenAgain() throws Exception {
        String me = newUser();
        StandInServices.deliveredSeq.put(me, 7L);
        try (TestSocket socket = connect(me)) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
            publish(delivery(me, 6, "re-published by a processor retry"));
            publish(delivery(me, 7, "replayed"));
            publish(delivery(me, 8, "new"));
            assertThat(socket.next().getContent()).isEqualTo("new");
            socket.expectNothing(Duration.ofMillis(300));
        } finally {
            StandInServices.deliveredSeq.remove(me);
        }
    }

    @Test
    void aSilentSocketThatAnswersPingsStaysOpen() throws Exception {
        String me = newUser();
        try (TestSocket socket = connect(me)) {
            socket.next();
            // the JDK client answers the gateway's pings with pongs and sends nothing else
            socket.expectNothing(IDLE_TIMEOUT.multipliedBy(2));
            assertThat(socket.isOpen()).isTrue();
            socket.send(Message.newBuilder().setType("heatbeat").build());
            assertThat(socket.next().getContent()).isEqualTo("pong");
        }
    }

    @Test
    void aSocketThatSendsNothingNotEvenPongsIsClosedAfterTheIdleTimeout() throws Exception {
        String me = newUser();
        long started = System.nanoTime();
        // a raw client that never answers the gateway's pings: a half-open connection as the gateway sees it
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("GET /socket.io?user=" + TestSocket.encode(me) + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + tokenFor(me, "me") + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            int pings = 0;
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0F;
                long length = in.readUnsignedByte() & 0x7F; // frames from a server are not masked
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[Math.toIntExact(length)];
                in.readFully(payload);
                if (opcode == 0x9) {
                    pings++;
                } else if (opcode == 0x8) {
                    assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(1001);
                    break;
                }
            }
            assertThat(pings).as("the gateway pinged the silent client").isPositive();
        }
        Duration open = Duration.ofNanos(System.nanoTime() - started);
        assertThat(open).isGreaterThanOrEqualTo(IDLE_TIMEOUT).isLessThan(IDLE_TIMEOUT.multipliedBy(4));
    }

    @Test
    void aUserAboveMaxSocketsPerUserIsRefused429() throws Exception {
        String me = newUser();
        String token = tokenFor(me, "me");
        List<TestSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_SOCKETS_PER_USER; i++) {
                TestSocket socket = TestSocket.open(port, me, token);
                assertThat(socket.next().getContent()).isEqualTo("welcome!");
                open.add(socket);
            }
            assertThat(handshakeStatus(() -> TestSocket.open(port, me, token))).isEqualTo(429);
            HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + port + "/socket.io?user=" + TestSocket.encode(me)))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(429);
            assertThat(plain.body()).isEqualTo(TOO_MANY);
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                TestSocket again = TestSocket.open(port, me, token);
                open.add(again);
                assertThat(again.next().getContent()).isEqualTo("welcome!");
            });
        } finally {
            open.forEach(TestSocket::close);
        }
    }

    @Test
    void framesAboveTheRateLimitAreAnsweredRateLimitedAndNotForwarded() throws Exception {
        String me = newUser();
        try (TestSocket socket = connect(me);
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            socket.next();
            for (int i = 0; i < 60; i++) {
                socket.send(Message.newBuilder().setType("heatbeat").build());
            }
            socket.send(text(YOU, "over the limit"));
            List<Message> answers = new ArrayList<>();
            for (int i = 0; i < 61; i++) {
                answers.add(socket.next());
            }
            long pongs = answers.stream().filter(answer -> answer.getContent().equals("pong")).count();
            long limited = answers.stream().filter(answer -> answer.getErrorCode().equals("rate_limited")).count();
            assertThat(pongs + limited).isEqualTo(61);
            assertThat(pongs).as("a burst of 40, plus what refilled (20/s) while sending").isBetween(40L, 59L);
            assertThat(answers.get(60).getErrorCode()).isEqualTo("rate_limited");
            assertThat(inboundTopic.all(Duration.ofMillis(500)))
                    .noneMatch(record -> inbound(record).getSenderUuid().equals(me));
            Thread.sleep(500);
            socket.send(text(YOU, "after a pause"));
            InboundFrame forwarded = inbound(inboundTopic.first(r -> inbound(r).getSenderUuid().equals(me)));
            assertThat(forwarded.getFrame().getContent()).isEqualTo("after a pause");
        }
    }

    @Test
    void aSinceThatIsNotANumberFromZeroUpIsRefused400BeforeTheUpgrade() throws Exception {
        String me = newUser();
        String token = tokenFor(me, "me");
        assertThat(handshakeStatus(() -> TestSocket.open(port, "user=" + TestSocket.encode(me) + "&since=abc",
                Map.of("Authorization", "Bearer " + token)))).isEqualTo(400);
        for (String since : new String[]{"-1", "", "1.5", "%2B1", "99999999999999999999"}) {
            URI handshake = URI.create("http://127.0.0.1:" + port + "/socket.io?user=" + TestSocket.encode(me)
                    + "&since=" + since);
            HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(handshake)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).as(since).isEqualTo(400);
            assertThat(plain.body()).as(since).isEqualTo(BAD_SINCE);
        }
        try (TestSocket socket = connect(me, "&v=7&features=unknown&since=0")) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
        }
    }

    @Test
    void aVersion2SocketWithSinceGetsEveryEntryAfterItWhateverTheCursorAndNoHandOffReceipts() throws Exception {
        String me = newUser();
        StandInServices.pending.put(me, List.of(delivery(me, 1, "p1"), delivery(me, 2, "p2"), delivery(me, 3, "p3"),
                delivery(me, 4, "p4")));
        StandInServices.deliveredSeq.put(me, 10L); // another device of mine was handed everything up to 10
        try (TopicTail receipts = new TopicTail(kafkaBootstrap(), topics.framesReceipts());
             TestSocket socket = connect(me, "&v=2&since=2")) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
            assertThat(socket.next().getContent()).isEqualTo("p3");
            assertThat(socket.next().getContent()).isEqualTo("p4");
            publish(delivery(me, 2, "p2 again: this device has it"));
            publish(delivery(me, 5, "live 5, below the cursor of the other device"));
            Message live = socket.next();
            assertThat(live.getContent()).isEqualTo("live 5, below the cursor of the other device");
            assertThat(live.getInboxSeq()).isEqualTo(5);
            socket.expectNothing(Duration.ofMillis(300));
            assertThat(receipts.all(Duration.ofMillis(300)))
                    .noneMatch(record -> receipt(record).getRecipientUuid().equals(me));
        } finally {
            StandInServices.pending.remove(me);
            StandInServices.deliveredSeq.remove(me);
        }
        String uuid = me.substring(5);
        assertThat(StandInServices.pendingRequests.stream().filter(uri -> uri.contains(uuid)).toList())
                .singleElement().satisfies(uri -> assertThat(uri).contains("after=2").contains("resume=true"));
    }

    @Test
    void withoutSinceThePendingInboxIsAskedWithoutResume() {
        String me = newUser();
        try (TestSocket socket = connect(me, "&v=2")) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
        }
        String uuid = me.substring(5);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(StandInServices.pendingRequests.stream()
                .filter(uri -> uri.contains(uuid)).toList())
                .singleElement().satisfies(uri -> assertThat(uri).contains("after=0").doesNotContain("resume")));
    }

    @Test
    void aLegacySocketNeverGetsAnEditButItsCursorMovesPastIt() throws Exception {
        String me = newUser();
        try (TopicTail receipts = new TopicTail(kafkaBootstrap(), topics.framesReceipts());
             TestSocket socket = connect(me)) {
            socket.next();
            publish(delivery(me, 1, "m1"));
            publish(ofType(me, 2, "edit"));
            publish(ofType(me, 0, "typing"));
            assertThat(socket.next().getContent()).isEqualTo("m1");
            DeliveryReceipt movedPast = receipt(receipts.first(record -> receipt(record).getRecipientUuid().equals(me)
                    && receipt(record).getUpToInboxSeq() == 2));
            assertThat(movedPast.getGatewayId()).isEqualTo("gw-it");
            socket.expectNothing(Duration.ofMillis(300));
            publish(ofType(me, 2, "edit")); // a re-published entry is still a duplicate
            publish(delivery(me, 3, "m3"));
            Message next = socket.next();
            assertThat(next.getContent()).isEqualTo("m3");
            assertThat(next.getInboxSeq()).isEqualTo(3);
            socket.expectNothing(Duration.ofMillis(300));
        }
    }

    @Test
    void aSocketThatOptedIntoAFeatureGetsThoseFrames() throws Exception {
        String me = newUser();
        try (TestSocket socket = connect(me, "&features=lifecycle,typing")) {
            socket.next();
            publish(ofType(me, 1, "edit"));
            publish(ofType(me, 2, "read"));
            publish(ofType(me, 0, "typing"));
            publish(ofType(me, 3, "delete"));
            assertThat(socket.next().getType()).isEqualTo("edit");
            assertThat(socket.next().getType()).isEqualTo("typing");
            Message delete = socket.next();
            assertThat(delete.getType()).isEqualTo("delete");
            assertThat(delete.getInboxSeq()).isEqualTo(3);
            socket.expectNothing(Duration.ofMillis(300));
        }
    }

    @Test
    void aVersion2SocketConfirmsByAckClampedToWhatItWasSent() throws Exception {
        String me = newUser();
        try (TopicTail receipts = new TopicTail(kafkaBootstrap(), topics.framesReceipts());
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound());
             TestSocket socket = connect(me, "&v=2")) {
            socket.next();
            publish(delivery(me, 1, "m1"));
            publish(ofType(me, 2, "edit"));
            assertThat(socket.next().getContent()).isEqualTo("m1");
            assertThat(socket.next().getType()).isEqualTo("edit");
            assertThat(receipts.all(Duration.ofMillis(300))).as("no hand-off receipts")
                    .noneMatch(record -> receipt(record).getRecipientUuid().equals(me));
            socket.send(ack(99));
            DeliveryReceipt confirmed = receipt(receipts.first(record -> receipt(record).getRecipientUuid()
                    .equals(me)));
            assertThat(confirmed.getUpToInboxSeq()).as("clamped to what the socket was sent").isEqualTo(2);
            assertThat(confirmed.getConnectionId()).isNotBlank();
            socket.send(ack(2));
            socket.send(ack(1));
            socket.send(Message.newBuilder().setType("heatbeat").build());
            assertThat(socket.next().getContent()).as("acks are not answered").isEqualTo("pong");
            socket.send(ack(0));
            assertThat(socket.next().getErrorCode()).isEqualTo("bad_frame");
            assertThat(receipts.all(Duration.ofMillis(500)).stream()
                    .filter(record -> receipt(record).getRecipientUuid().equals(me))).hasSize(1);
            assertThat(inboundTopic.all(Duration.ofMillis(100)))
                    .noneMatch(record -> inbound(record).getSenderUuid().equals(me));
        }
    }

    @Test
    void readAndTypingFramesAreForwardedWithoutContent() {
        String me = newUser();
        String you = newUser();
        try (TestSocket socket = TestSocket.open(port, me, tokenFor(me, "nami"));
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            socket.next();
            socket.send(Message.newBuilder().setType("read").setTo(you).setMessageType(1).setSeq(0).build());
            assertThat(socket.next().getErrorCode()).isEqualTo("invalid_seq");
            socket.send(Message.newBuilder().setType("read").setTo(you).setMessageType(1).setSeq(4)
                    .setContentType(0).setContent("not sent on").setUrl("x.png").build());
            socket.send(Message.newBuilder().setType("typing").setTo(you).setMessageType(1).setContentType(1)
                    .setContent("draft").setSeq(9).build());
            ConsumerRecord<String, byte[]> read = inboundTopic.first(record -> inbound(record).getSenderUuid()
                    .equals(me) && inbound(record).getFrame().getType().equals("read"));
            assertThat(read.key()).isEqualTo(conversationKey(me, you));
            assertThat(inbound(read).getFrame()).isEqualTo(Message.newBuilder().setFrom(me).setFromUsername("nami")
                    .setTo(you).setMessageType(1).setType("read").setSeq(4).build());
            ConsumerRecord<String, byte[]> typing = inboundTopic.first(record -> inbound(record).getSenderUuid()
                    .equals(me) && inbound(record).getFrame().getType().equals("typing"));
            assertThat(typing.key()).isEqualTo(conversationKey(me, you));
            assertThat(inbound(typing).getFrame()).isEqualTo(Message.newBuilder().setFrom(me)
                    .setFromUsername("nami").setTo(you).setMessageType(1).setType("typing").build());
            assertThat(inbound(typing).getConnectionId()).isEqualTo(inbound(read).getConnectionId());
        }
    }
}
