package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.support.GatewayITSupport;
import im.gateway.support.StandInServices;
import im.gateway.support.TestSocket;
import im.gateway.support.TopicTail;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import im.proto.Message;
import im.proto.frames.InboundFrame;
import im.proto.frames.RelayFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Call signalling relayed between two real WebSocket clients through im.frames.relay.v1, never stored. */
class CallRelayIT extends GatewayITSupport {

    private static String newUser() {
        return "[usr]" + UUID.randomUUID();
    }

    private TestSocket connect(String user, String name) {
        TestSocket socket = TestSocket.open(port, user, tokenFor(user, name));
        assertThat(socket.next().getContent()).isEqualTo("welcome!");
        return socket;
    }

    private static Message webrtc(String to, int contentType, String content) {
        return Message.newBuilder().setTo(to).setMessageType(1).setType("webrtc").setContentType(contentType)
                .setContent(content).build();
    }

    private static String ice(String side, int n) {
        return "{\"type\":\"" + side + "_ice\",\"iceCandidate\":{\"candidate\":\"candidate:" + n
                + " 1 udp 2122260223 192.168.1.2 5" + n + " typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}";
    }

    private static InboundFrame inbound(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        try {
            return InboundFrame.parseFrom(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@code frame} as the other side must see it: the sender stamped from the token, nothing else changed. */
    private static Message asRelayed(Message frame, String from, String fromUsername) {
        return frame.toBuilder().setFrom(from).setFromUsername(fromUsername).build();
    }

    @Test
    void aVideoCallIsSetUpWithEverySignallingFrameRelayedInOrderAndNothingStored() throws Exception {
        String alice = newUser();
        String bob = newUser();
        String offerSdp = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\n"
                + "a=" + "x".repeat(6000) + "\\r\\n\"}"; // an SDP is longer than a text message may be
        try (TestSocket caller = connect(alice, "alice"); TestSocket callee = connect(bob, "bob");
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            List<Message> toBob = new ArrayList<>();
            List<Message> toAlice = new ArrayList<>();
            Message dial = webrtc(bob, 15, "");
            caller.send(dial);
            toBob.add(dial);
            assertThat(callee.next()).isEqualTo(asRelayed(dial, alice, "alice"));
            Message accept = webrtc(alice, 16, "");
            callee.send(accept);
            assertThat(caller.next()).isEqualTo(asRelayed(accept, bob, "bob"));
            Message offer = webrtc(bob, 7, offerSdp).toBuilder().setClientMessageId("offer-1").build();
            caller.send(offer);
            Message answer = webrtc(alice, 0, "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}");
            assertThat(callee.next()).isEqualTo(asRelayed(offer, alice, "alice"));
            callee.send(answer);
            assertThat(caller.next()).isEqualTo(asRelayed(answer, bob, "bob"));
            for (int n = 1; n <= 5; n++) {
                caller.send(webrtc(bob, 0, ice("offer", n)));
                callee.send(webrtc(alice, 0, ice("answer", n)));
            }
            for (int n = 1; n <= 5; n++) {
                assertThat(callee.next()).isEqualTo(asRelayed(webrtc(bob, 0, ice("offer", n)), alice, "alice"));
                assertThat(caller.next()).isEqualTo(asRelayed(webrtc(alice, 0, ice("answer", n)), bob, "bob"));
            }
            Message cancel = webrtc(bob, 17, "");
            caller.send(cancel);
            assertThat(callee.next()).isEqualTo(asRelayed(cancel, alice, "alice"));
            caller.expectNothing(Duration.ofMillis(2000)); // no not_reachable: bob got the dial and the offer
            callee.expectNothing(Duration.ofMillis(100));
            assertThat(inboundTopic.all(Duration.ofMillis(200)))
                    .as("never through messaging-service's inbound topic")
                    .noneMatch(record -> inbound(record).getSenderUuid().equals(alice)
                            || inbound(record).getSenderUuid().equals(bob));
        }
    }

    @Test
    void everySocketOfTheCalleeRingsAndAVoiceOfferNeedsNoDial() {
        String alice = newUser();
        String bob = newUser();
        try (TestSocket caller = connect(alice, "alice"); TestSocket phone = connect(bob, "bob");
             TestSocket laptop = connect(bob, "bob")) {
            Message offer = webrtc(bob, 6, "{\"type\":\"offer\",\"sdp\":\"v=0\"}");
            caller.send(offer);
            assertThat(phone.next()).isEqualTo(asRelayed(offer, alice, "alice"));
            assertThat(laptop.next()).isEqualTo(asRelayed(offer, alice, "alice"));
        }
    }

    @Test
    void aCallToSomeoneWhoIsNotAContactIsRefusedWithMessagingsCode() throws Exception {
        String alice = newUser();
        String mallory = newUser();
        StandInServices.relayRefusals.put(mallory + "|" + alice, "not_contact");
        try (TestSocket callee = connect(alice, "alice"); TestSocket caller = connect(mallory, "mallory")) {
            caller.send(webrtc(alice, 15, "").toBuilder().setClientMessageId("dial-1").build());
            Message refused = caller.next();
            assertThat(refused.getFrom()).isEqualTo("system");
            assertThat(refused.getType()).isEqualTo("error");
            assertThat(refused.getErrorCode()).isEqualTo("not_contact");
            assertThat(refused.getContent()).isEqualTo("refused: not_contact");
            assertThat(refused.getClientMessageId()).isEqualTo("dial-1");
            caller.send(webrtc(alice, 15, ""));
            assertThat(caller.next().getErrorCode()).as("remembered for 5 s").isEqualTo("not_contact");
            callee.expectNothing(Duration.ofMillis(500));
            assertThat(StandInServices.relayPermissionRequests).containsOnlyOnce(mallory + "|" + alice);
        } finally {
            StandInServices.relayRefusals.remove(mallory + "|" + alice);
        }
    }

    @Test
    void aCallInAGroupIsRefusedWithoutAskingMessaging() {
        String alice = newUser();
        String group = "[grp]" + UUID.randomUUID();
        try (TestSocket caller = connect(alice, "alice")) {
            caller.send(webrtc(group, 15, "").toBuilder().setMessageType(2).setClientMessageId("g").build());
            Message refused = caller.next();
            assertThat(refused.getErrorCode()).isEqualTo("calls_are_one_to_one");
            assertThat(refused.getClientMessageId()).isEqualTo("g");
            caller.send(Message.newBuilder().setTo(group).setMessageType(1).setContentType(9)
                    .setContent("data:image/jpeg;base64,AAAA").build());
            assertThat(caller.next().getErrorCode()).isEqualTo("calls_are_one_to_one");
            assertThat(StandInServices.relayPermissionRequests).noneMatch(pair -> pair.startsWith(alice));
        }
    }

    @Test
    void aCalleeWithoutAnOpenSocketIsNotReachableForDialsAndOffersOnly() throws Exception {
        String alice = newUser();
        String offline = newUser();
        try (TestSocket caller = connect(alice, "alice")) {
            long started = System.nanoTime();
            caller.send(webrtc(offline, 15, "").toBuilder().setClientMessageId("dial-9").build());
            Message notReachable = caller.next();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("after the ack timeout (1.5 s)")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1400));
            assertThat(notReachable).isEqualTo(Message.newBuilder().setFrom("system").setTo(alice).setType("error")
                    .setErrorCode("not_reachable").setContent("the user is not online").setClientMessageId("dial-9")
                    .build());
            caller.send(webrtc(offline, 7, "{\"type\":\"offer\"}"));
            assertThat(caller.next().getErrorCode()).isEqualTo("not_reachable");
            caller.send(webrtc(offline, 0, ice("offer", 1)));
            caller.send(webrtc(offline, 17, ""));
            caller.expectNothing(Duration.ofMillis(2500));
        }
    }

    @Test
    void relayedFramesHaveTheirOwnBudgetAndAreAnsweredRateLimitedOnceASecond() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (TestSocket caller = connect(alice, "alice"); TestSocket callee = connect(bob, "bob");
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            for (int n = 0; n < 70; n++) {
                caller.send(webrtc(bob, 0, ice("offer", n)));
            }
            caller.send(Message.newBuilder().setTo(bob).setMessageType(1).setContentType(1).setContent("a chat frame")
                    .build());
            InboundFrame chat = inbound(inboundTopic.first(record -> inbound(record).getSenderUuid().equals(alice)));
            assertThat(chat.getFrame().getContent()).as("the chat budget is untouched").isEqualTo("a chat frame");
            List<Message> limited = new ArrayList<>();
            for (Message frame = caller.poll(Duration.ofMillis(500)); frame != null;
                 frame = caller.poll(Duration.ofMillis(500))) {
                limited.add(frame);
            }
            assertThat(limited).as("once, however many were dropped").singleElement()
                    .satisfies(frame -> assertThat(frame.getErrorCode()).isEqualTo("rate_limited"));
            int relayed = 0;
            while (callee.poll(Duration.ofMillis(500)) != null) {
                relayed++;
            }
            assertThat(relayed).as("a burst of 30 and what refilled (30/s)").isBetween(30, 69);
        }
    }

    @Test
    void allSocketsOfAUserShareOneRelayBudget() throws Exception {
        String alice = newUser();
        String bob = newUser();
        List<TestSocket> phones = new ArrayList<>();
        try (TestSocket callee = connect(bob, "bob")) {
            for (int n = 0; n < MAX_SOCKETS_PER_USER; n++) {
                phones.add(connect(alice, "alice"));
            }
            int sent = 0;
            for (int n = 0; n < 25; n++) {
                for (TestSocket phone : phones) {
                    phone.send(webrtc(bob, 0, ice("offer", sent++)));
                }
            }
            int relayed = 0;
            while (callee.poll(Duration.ofMillis(500)) != null) {
                relayed++;
            }
            assertThat(relayed).as("%d sent from %d sockets: one burst of 30 and what refilled", sent, phones.size())
                    .isBetween(30, 45);
            int rateLimited = 0;
            for (TestSocket phone : phones) {
                for (Message frame = phone.poll(Duration.ofMillis(200)); frame != null;
                     frame = phone.poll(Duration.ofMillis(200))) {
                    assertThat(frame.getErrorCode()).isEqualTo("rate_limited");
                    rateLimited++;
                }
            }
            assertThat(rateLimited).as("at most once a second per socket").isBetween(1, phones.size());
        } finally {
            phones.forEach(TestSocket::close);
        }
    }

    @Test
    void callSignallingLargerThan64KbIsRefusedFrameTooLarge() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (TestSocket caller = connect(alice, "alice"); TestSocket callee = connect(bob, "bob")) {
            caller.send(webrtc(bob, 7, "{\"sdp\":\"" + "x".repeat(70 * 1024) + "\"}").toBuilder()
                    .setClientMessageId("huge-offer").build());
            Message refused = caller.next();
            assertThat(refused.getErrorCode()).isEqualTo("frame_too_large");
            assertThat(refused.getClientMessageId()).isEqualTo("huge-offer");
            callee.expectNothing(Duration.ofMillis(500));
            assertThat(StandInServices.relayPermissionRequests).as("refused before any lookup")
                    .noneMatch(pair -> pair.startsWith(alice));
        }
    }

    @Test
    void aRecipientIsNormalisedOnceForThePermissionAndTheDelivery() {
        String alice = newUser();
        String bob = newUser();
        String bareUpperCase = bob.substring(5).toUpperCase(Locale.ROOT);
        try (TestSocket caller = connect(alice, "alice"); TestSocket callee = connect(bob, "bob")) {
            Message dial = webrtc(bareUpperCase, 15, "");
            caller.send(dial);
            assertThat(callee.next()).isEqualTo(asRelayed(dial, alice, "alice"));
            caller.send(webrtc("[usr]" + bareUpperCase, 17, ""));
            assertThat(callee.next().getContentType()).isEqualTo(17);
            assertThat(StandInServices.relayPermissionRequests.stream().filter(pair -> pair.startsWith(alice)))
                    .as("asked once, about the id the frames were delivered to").containsExactly(alice + "|" + bob);
        }
    }

    @Test
    void aRefusalIsRememberedForTheNormalisedRecipientWhateverFormTheClientUses() {
        String alice = newUser();
        String mallory = newUser();
        StandInServices.relayRefusals.put(mallory + "|" + alice, "not_contact");
        try (TestSocket callee = connect(alice, "alice"); TestSocket caller = connect(mallory, "mallory")) {
            caller.send(webrtc(alice, 15, ""));
            assertThat(caller.next().getErrorCode()).isEqualTo("not_contact");
            caller.send(webrtc(alice.substring(5).toUpperCase(Locale.ROOT), 15, ""));
            assertThat(caller.next().getErrorCode()).as("a bare UUID names the same refused user")
                    .isEqualTo("not_contact");
            assertThat(StandInServices.relayPermissionRequests).containsOnlyOnce(mallory + "|" + alice);
        } finally {
            StandInServices.relayRefusals.remove(mallory + "|" + alice);
        }
    }

    private static Message withUnknownField(Message frame) {
        return frame.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder().addField(99,
                UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("x".repeat(1000)))
                        .build()).build()).build();
    }

    private static RelayFrame relayFrame(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        try {
            return RelayFrame.parseFrom(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fieldsTheSchemaDoesNotKnowReachNeitherKafkaNorTheOtherSide() {
        String alice = newUser();
        String bob = newUser();
        try (TestSocket caller = connect(alice, "alice"); TestSocket callee = connect(bob, "bob");
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound());
             TopicTail relayTopic = new TopicTail(kafkaBootstrap(), topics.framesRelay())) {
            caller.send(withUnknownField(Message.newBuilder().setTo(bob).setMessageType(1).setContentType(1)
                    .setContent("hello").build()));
            InboundFrame chat = inbound(inboundTopic.first(record -> inbound(record).getSenderUuid().equals(alice)));
            assertThat(chat.getFrame().getContent()).isEqualTo("hello");
            assertThat(chat.getFrame().getUnknownFields().asMap()).isEmpty();
            assertThat(chat.getUnknownFields().asMap()).isEmpty();

            caller.send(withUnknownField(webrtc(bob, 0, ice("offer", 1))));
            RelayFrame relayed = relayFrame(relayTopic.first(record -> relayFrame(record).getFrame().getFrom()
                    .equals(alice)));
            assertThat(relayed.getFrame().getUnknownFields().asMap()).isEmpty();
            Message received = callee.next();
            assertThat(received).isEqualTo(asRelayed(webrtc(bob, 0, ice("offer", 1)), alice, "alice"));
            assertThat(received.getUnknownFields().asMap()).isEmpty();
        }
    }

    @Test
    void relayedFramesAndTheirAcksHaveAConsumerEachSoAcksNeverWaitBehindScreenFrames() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
            Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(
                    List.of("gateway-gw-it-relay", "gateway-gw-it-relay-acks")).all().get();
            assertThat(topicsOf(groups.get("gateway-gw-it-relay"))).containsExactly(topics.framesRelay());
            assertThat(topicsOf(groups.get("gateway-gw-it-relay-acks"))).containsExactly(topics.framesRelayAcks());
            assertThat(groups.get("gateway-gw-it-relay").members()).hasSize(1);
            assertThat(groups.get("gateway-gw-it-relay-acks").members()).hasSize(1);
        }
    }

    private static Set<String> topicsOf(ConsumerGroupDescription group) {
        return group.members().stream().map(MemberDescription::assignment)
                .flatMap(assignment -> assignment.topicPartitions().stream()).map(TopicPartition::topic)
                .collect(Collectors.toSet());
    }
}
