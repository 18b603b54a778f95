package im.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import im.messaging.api.ConversationIds;
import im.messaging.config.MessagingProperties;
import im.messaging.query.history.MessageHistoryRepository;
import im.messaging.support.MessagingIntegrationTest;
import im.proto.Message;
import im.proto.events.EventEnvelope;
import im.proto.events.message.MessageSent;
import im.proto.frames.Delivery;
import im.proto.frames.InboundFrame;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The message path through real Kafka: inbound frame in, Delivery records (and public events) out. */
class MessagePathIT extends MessagingIntegrationTest {

    @Autowired
    InboundFrameListener inboundFrames;
    @Autowired
    MessagingProperties properties;
    @Autowired
    MessageHistoryRepository history;

    private static boolean isMessage(Delivery delivery) {
        return delivery.getInboxSeq() > 0;
    }

    private static boolean isAck(Delivery delivery) {
        return "ack".equals(delivery.getFrame().getType());
    }

    private static boolean isError(Delivery delivery) {
        return "error".equals(delivery.getFrame().getType());
    }

    private long storedMessages(String a, String b) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id")
                .param("id", ConversationIds.direct(a, b)).query(Long.class).single();
    }

    @Test
    void aTextFrameReachesTheRecipientAsTheLegacyFrameWithItsInboxSeq() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);

        publishInbound(textFrame(alice, bob, "hello bob", ""));

        Delivery delivery = awaitDeliveries(bob, 1, MessagePathIT::isMessage).get(0);
        Message frame = delivery.getFrame();
        assertThat(delivery.getInboxSeq()).isEqualTo(1);
        assertThat(delivery.getTargetConnectionId()).isEmpty();
        assertThat(frame.getFrom()).isEqualTo(alice);
        assertThat(frame.getFromUsername()).isEqualTo(usernameOf(alice));
        assertThat(frame.getTo()).isEqualTo(bob);
        assertThat(frame.getContent()).isEqualTo("hello bob");
        assertThat(frame.getContentType()).isEqualTo(1);
        assertThat(frame.getMessageType()).isEqualTo(1);
        assertThat(frame.getAvatar()).isEmpty();
        assertThat(frame.getType()).isEmpty();
        assertThat(frame.getMessageId()).isNotBlank();
        assertThat(frame.getSeq()).isEqualTo(1);
        assertThat(frame.getInboxSeq()).isEqualTo(1);
        assertThat(frame.getServerTime()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
    }

    @Test
    void aLiveDeliveryCarriesTheFramesIdAndReceivedTimeAndTheAckOnlyTheId() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        InboundFrame inbound = textFrame(alice, bob, "observed", "client-obs").toBuilder()
                .setReceivedAtMs(System.currentTimeMillis() - 5).build();

        publishInbound(inbound);

        Delivery delivery = awaitDeliveries(bob, 1, MessagePathIT::isMessage).get(0);
        assertThat(delivery.getCorrelationId()).isEqualTo(inbound.getFrameId());
        assertThat(delivery.getSourceReceivedAtMs()).isEqualTo(inbound.getReceivedAtMs());
        Delivery ack = awaitDeliveries(alice, 1, MessagePathIT::isAck).get(0);
        assertThat(ack.getCorrelationId()).isEqualTo(inbound.getFrameId());
        assertThat(ack.getSourceReceivedAtMs()).isZero(); // an ack is not a delivery to a recipient
    }

    @Test
    void aBurstToOneRecipientArrivesInOrderWithGaplessInboxSeqs() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);

        for (int i = 1; i <= 300; i++) {
            publishInbound(textFrame(alice, bob, "burst " + i, ""));
        }

        List<Delivery> messages = awaitDeliveries(bob, 300, MessagePathIT::isMessage);
        assertThat(messages).extracting(Delivery::getInboxSeq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
        assertThat(messages).extracting(d -> d.getFrame().getContent())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 300)
                        .mapToObj(i -> "burst " + i).toList());
    }

    @Test
    void aLegacyFrameWithoutClientMessageIdGetsNoAck() throws InterruptedException {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);

        publishInbound(textFrame(alice, bob, "no ack please", ""));
        awaitDeliveries(bob, 1, MessagePathIT::isMessage);
        Thread.sleep(500); // an ack would be published right after the delivery

        assertThat(deliveriesTo(alice)).isEmpty();
    }

    @Test
    void aClientMessageIdIsAckedToTheSendingConnection() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        InboundFrame inbound = textFrame(alice, bob, "ack me", "client-1");

        publishInbound(inbound);

        Delivery message = awaitDeliveries(bob, 1, MessagePathIT::isMessage).get(0);
        Delivery ack = awaitDeliveries(alice, 1, MessagePathIT::isAck).get(0);
        assertThat(ack.getTargetConnectionId()).isEqualTo(inbound.getConnectionId());
        assertThat(ack.getInboxSeq()).isZero();
        assertThat(ack.getFrame().getFrom()).isEqualTo("system");
        assertThat(ack.getFrame().getTo()).isEqualTo(alice);
        assertThat(ack.getFrame().getClientMessageId()).isEqualTo("client-1");
        assertThat(ack.getFrame().getMessageId()).isEqualTo(message.getFrame().getMessageId());
        assertThat(ack.getFrame().getSeq()).isEqualTo(1);
        assertThat(ack.getFrame().getServerTime()).isEqualTo(message.getFrame().getServerTime());
        assertThat(ack.getFrame().getContent()).isEmpty();
    }

    @Test
    void theSameInboundFrameTwiceStoresOneMessage() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        InboundFrame inbound = textFrame(alice, bob, "once", "");

        publishInbound(inbound);
        publishInbound(inbound); // a Kafka redelivery
        publishInbound(textFrame(alice, bob, "twice", ""));

        List<Delivery> messages = awaitDeliveries(bob, 2, MessagePathIT::isMessage);
        assertThat(messages).extracting(d -> d.getFrame().getContent()).containsExactly("once", "twice");
        assertThat(messages).extracting(d -> d.getFrame().getSeq()).containsExactly(1L, 2L);
        assertThat(messages).extracting(Delivery::getInboxSeq).containsExactly(1L, 2L);
        assertThat(storedMessages(alice, bob)).isEqualTo(2);
    }

    @Test
    void aResendWithTheSameClientMessageIdIsAckedAgainButStoredOnce() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);

        publishInbound(textFrame(alice, bob, "retry", "client-9"));
        publishInbound(textFrame(alice, bob, "retry", "client-9")); // new frame id, same client id

        List<Delivery> acks = awaitDeliveries(alice, 2, MessagePathIT::isAck);
        assertThat(acks).extracting(d -> d.getFrame().getMessageId()).containsOnly(acks.get(0).getFrame().getMessageId());
        assertThat(acks).extracting(d -> d.getFrame().getSeq()).containsOnly(1L);
        assertThat(deliveriesTo(bob).stream().filter(MessagePathIT::isMessage)).hasSize(1);
        assertThat(storedMessages(alice, bob)).isEqualTo(1);
    }

    @Test
    void anUnknownRecipientIsAnsweredWithAnErrorFrameToTheSendingConnection() {
        String alice = registeredUser("alice");
        String nobody = newUuid();
        InboundFrame inbound = textFrame(alice, nobody, "anyone there?", "client-2");

        publishInbound(inbound);

        Delivery error = awaitDeliveries(alice, 1, MessagePathIT::isError).get(0);
        assertThat(error.getTargetConnectionId()).isEqualTo(inbound.getConnectionId());
        assertThat(error.getInboxSeq()).isZero();
        assertThat(error.getFrame().getFrom()).isEqualTo("system");
        assertThat(error.getFrame().getTo()).isEqualTo(alice);
        assertThat(error.getFrame().getErrorCode()).isEqualTo("unknown_recipient");
        assertThat(error.getFrame().getContent()).isEqualTo("user doesn't exist");
        assertThat(error.getFrame().getClientMessageId()).isEqualTo("client-2");
        assertThat(storedMessages(alice, nobody)).isZero();
    }

    @Test
    void aRecipientRegisteredAMomentAgoIsWaitedFor() throws InterruptedException {
        String alice = registeredUser("alice");
        String newcomer = newUuid();
        contacts(alice, newcomer); // user-service only adds registered users, but its events may arrive first

        publishInbound(textFrame(alice, newcomer, "welcome", ""));
        Thread.sleep(100); // within im.messaging.recipient-wait (300 ms)
        publishRegistered(newcomer, "newcomer-" + newcomer.substring(5, 13), "");

        Delivery delivery = awaitDeliveries(newcomer, 1, MessagePathIT::isMessage).get(0);
        assertThat(delivery.getFrame().getContent()).isEqualTo("welcome");
        assertThat(deliveriesTo(alice)).isEmpty();
    }

    @Test
    void theRecipientWaitIsShortByDefault() {
        assertThat(properties.recipientWait()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void framesToTheSameUnknownRecipientAreAllRefused() {
        String alice = registeredUser("alice");
        String nobody = newUuid();

        publishInbound(textFrame(alice, nobody, "anyone?", "c-1"));
        publishInbound(textFrame(alice, nobody, "still nobody?", "c-2"));

        List<Delivery> errors = awaitDeliveries(alice, 2, MessagePathIT::isError);
        assertThat(errors).extracting(d -> d.getFrame().getErrorCode()).containsOnly("unknown_recipient");
        assertThat(errors).extracting(d -> d.getFrame().getClientMessageId()).containsExactly("c-1", "c-2");
        assertThat(storedMessages(alice, nobody)).isZero();
    }

    @Test
    void aRecipientIdWithANulCharacterIsUnknownAtOnce() {
        String alice = registeredUser("alice");

        publishInbound(textFrame(alice, newUuid() + "\u0000", "hi", "c-1"));

        Delivery error = awaitDeliveries(alice, 1, MessagePathIT::isError).get(0);
        assertThat(error.getFrame().getErrorCode()).isEqualTo("unknown_recipient");
    }

    @Test
    void textWithAControlCharacterIsRefusedAndTheHistoryGoesOn() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);

        publishInbound(textFrame(alice, bob, "nul\u0000inside", "client-5"));
        publishInbound(textFrame(alice, bob, "escape\u001b[31m", ""));
        publishInbound(textFrame(alice, bob, "fine\ttext\r\n", ""));

        List<Delivery> errors = awaitDeliveries(alice, 2, MessagePathIT::isError);
        assertThat(errors).extracting(d -> d.getFrame().getErrorCode()).containsOnly("invalid_text");
        assertThat(errors.get(0).getFrame().getContent()).isEqualTo("the message text contains a control character");
        assertThat(errors.get(0).getFrame().getClientMessageId()).isEqualTo("client-5");
        Delivery delivered = awaitDeliveries(bob, 1, MessagePathIT::isMessage).get(0);
        assertThat(delivered.getFrame().getContent()).isEqualTo("fine\ttext\r\n");
        assertThat(delivered.getFrame().getSeq()).isEqualTo(1);
        assertThat(storedMessages(alice, bob)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> history.countInConversation(ConversationIds.direct(alice, bob)) == 1);
    }

    @Test
    void theSenderAppearsUnderTheirCurrentUsernameAfterARename() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        String renamed = "alice-renamed-" + alice.substring(5, 13);
        publishProfileChanged(alice, 1, renamed, "alice.png");
        await().atMost(Duration.ofSeconds(20)).until(() -> usernameOf(alice).equals(renamed));

        publishInbound(textFrame(alice, bob, "new name", "")); // the token still names "name-of-<alice>"

        Delivery delivery = awaitDeliveries(bob, 1, MessagePathIT::isMessage).get(0);
        assertThat(delivery.getFrame().getFromUsername()).isEqualTo(renamed);
    }

    @Test
    void aSenderNotKnownYetAppearsUnderTheTokensUsername() {
        String stranger = newUuid(); // its registration has not reached messaging-service
        String bob = registeredUser("bob");
        contacts(stranger, bob);

        publishInbound(textFrame(stranger, bob, "hi", ""));

        Delivery delivery = awaitDeliveries(bob, 1, MessagePathIT::isMessage).get(0);
        assertThat(delivery.getFrame().getFromUsername()).isEqualTo("name-of-" + stranger);
    }

    @Test
    void tooLongTextIsRefusedAndNotStored() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);

        publishInbound(textFrame(alice, bob, "x".repeat(5001), ""));

        Delivery error = awaitDeliveries(alice, 1, MessagePathIT::isError).get(0);
        assertThat(error.getFrame().getErrorCode()).isEqualTo("text_too_long");
        assertThat(error.getFrame().getContent()).isEqualTo("the message text is longer than 5000 characters");
        assertThat(storedMessages(alice, bob)).isZero();
    }

    @Test
    void aFileFrameWithoutItsStoredFileIsRefused() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        Message frame = Message.newBuilder().setFrom(alice).setTo(bob).setContentType(3).setMessageType(1).build();

        publishInbound(inbound(alice, frame));

        Delivery error = awaitDeliveries(alice, 1, MessagePathIT::isError).get(0);
        assertThat(error.getFrame().getErrorCode()).isEqualTo("missing_file");
    }

    @Test
    void aFileFrameIsStoredAndDeliveredWithItsUrl() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        String stored = "7c9e6679-7425-40de-944b-e07fc1f90ae7.webm";
        Message frame = Message.newBuilder().setFrom(alice).setTo(bob).setContentType(5).setMessageType(1)
                .setUrl(stored).setFileSuffix("webm").build();

        publishInbound(inbound(alice, frame));

        Message delivered = awaitDeliveries(bob, 1, delivery -> delivery.getFrame().getContentType() == 5).get(0)
                .getFrame();
        assertThat(delivered.getUrl()).isEqualTo(stored);
        assertThat(delivered.getContent()).isEmpty();
        assertThat(delivered.getSeq()).isEqualTo(1);
    }

    @Test
    void anUndecodableRecordIsSkippedWithoutBlockingTheConversation() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        String key = ConversationIds.pairKey(alice, bob); // same partition as the next frame

        send(topics.framesInbound(), key, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        publishInbound(textFrame(alice, bob, "after the poison", ""));

        Delivery delivery = awaitDeliveries(bob, 1, MessagePathIT::isMessage).get(0);
        assertThat(delivery.getFrame().getContent()).isEqualTo("after the poison");
    }

    @Test
    void aFrameGivenUpOnAfterRetriesIsAnsweredAsUnavailable() {
        String alice = registeredUser("alice");
        InboundFrame inbound = textFrame(alice, newUuid(), "lost", "client-4");

        inboundFrames.gaveUp(inbound.toByteArray());

        Delivery error = awaitDeliveries(alice, 1, MessagePathIT::isError).get(0);
        assertThat(error.getTargetConnectionId()).isEqualTo(inbound.getConnectionId());
        assertThat(error.getFrame().getErrorCode()).isEqualTo("unavailable");
        assertThat(error.getFrame().getClientMessageId()).isEqualTo("client-4");
    }

    @Test
    void aStoredMessageIsPublishedAsAPublicEvent() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        String conversation = ConversationIds.direct(alice, bob);

        publishInbound(textFrame(alice, bob, "public", "client-3"));

        EventEnvelope envelope = await().atMost(Duration.ofSeconds(20))
                .until(() -> messageEvents().matching(r -> conversation.equals(r.key())), found -> !found.isEmpty())
                .stream().map(r -> parseEnvelope(r.value())).findFirst().orElseThrow();
        assertThat(envelope.getEventType()).isEqualTo("im.message.MessageSent");
        assertThat(envelope.getAggregateId()).isEqualTo(conversation);
        assertThat(envelope.getAggregateSequence()).isZero();
        MessageSent payload = unpack(envelope);
        assertThat(payload.getConversationId()).isEqualTo(conversation);
        assertThat(payload.getSeq()).isEqualTo(1);
        assertThat(payload.getFromUuid()).isEqualTo(alice);
        assertThat(payload.getToUuid()).isEqualTo(bob);
        assertThat(payload.getContent()).isEqualTo("public");
        assertThat(payload.getClientMessageId()).isEqualTo("client-3");
        assertThat(payload.getMessageId()).isNotBlank();
    }

    private static EventEnvelope parseEnvelope(byte[] bytes) {
        try {
            return EventEnvelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static MessageSent unpack(EventEnvelope envelope) {
        try {
            return envelope.getPayload().unpack(MessageSent.class);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
