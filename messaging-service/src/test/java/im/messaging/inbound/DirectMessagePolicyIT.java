package im.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.access.ConversationAccess;
import im.messaging.config.MessagingProperties;
import im.messaging.delivery.DeliveryPublisher;
import im.messaging.query.groups.GroupAccess;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.messaging.support.MessagingIntegrationTest;
import im.proto.frames.Delivery;
import im.proto.frames.InboundFrame;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The direct-message policy: contacts-only (the default, which this context runs with) and open (a listener built
 * with that setting over the same real beans, fed a record as the Kafka container would).
 */
class DirectMessagePolicyIT extends MessagingIntegrationTest {

    @Autowired
    MessagingProperties properties;
    @Autowired
    CommandGateway commands;
    @Autowired
    RecipientResolver recipients;
    @Autowired
    GroupAccess groups;
    @Autowired
    KnownUsersRepository users;
    @Autowired
    DeliveryPublisher publisher;
    @Autowired
    ConversationSignals signals;

    private static boolean isMessage(Delivery delivery) {
        return delivery.getInboxSeq() > 0;
    }

    private static boolean isError(Delivery delivery) {
        return "error".equals(delivery.getFrame().getType());
    }

    private long storedMessages(String a, String b) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id")
                .param("id", ConversationIds.direct(a, b)).query(Long.class).single();
    }

    @Test
    void contactsOnlyIsTheDefault() {
        assertThat(properties.directMessagePolicy()).isEqualTo("contacts-only");
    }

    @Test
    void aMessageToSomeoneWhoIsNotAContactIsRefused() throws InterruptedException {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        InboundFrame inbound = textFrame(alice, bob, "hi stranger", "client-1");

        publishInbound(inbound);

        Delivery error = awaitDeliveries(alice, 1, DirectMessagePolicyIT::isError).get(0);
        assertThat(error.getTargetConnectionId()).isEqualTo(inbound.getConnectionId());
        assertThat(error.getFrame().getErrorCode()).isEqualTo("not_contact");
        assertThat(error.getFrame().getContent()).isEqualTo("you can only message your contacts");
        assertThat(error.getFrame().getClientMessageId()).isEqualTo("client-1");
        Thread.sleep(300);
        assertThat(deliveriesTo(bob)).isEmpty();
        assertThat(storedMessages(alice, bob)).isZero();
    }

    @Test
    void contactsAddedAfterARefusalMayMessageAtOnce() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        publishInbound(textFrame(alice, bob, "too early", ""));
        awaitDeliveries(alice, 1, DirectMessagePolicyIT::isError); // the refusal is remembered for 5 s

        contacts(alice, bob);
        publishInbound(textFrame(alice, bob, "now we are contacts", ""));

        Delivery delivery = awaitDeliveries(bob, 1, DirectMessagePolicyIT::isMessage).get(0);
        assertThat(delivery.getFrame().getContent()).isEqualTo("now we are contacts");
        assertThat(deliveriesTo(alice).stream().filter(DirectMessagePolicyIT::isError)).hasSize(1);
    }

    @Test
    void whenEitherSideLeftNeitherMayMessageUntilTheyAreContactsAgain() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        publishContactLeft(alice, bob, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> activeContacts(alice, bob) == 1);

        publishInbound(textFrame(alice, bob, "from the leaver", ""));
        publishInbound(textFrame(bob, alice, "to the leaver", ""));

        assertThat(awaitDeliveries(alice, 1, DirectMessagePolicyIT::isError).get(0).getFrame().getErrorCode())
                .isEqualTo("not_contact");
        assertThat(awaitDeliveries(bob, 1, DirectMessagePolicyIT::isError).get(0).getFrame().getErrorCode())
                .isEqualTo("not_contact");

        contacts(alice, bob); // re-added
        publishInbound(textFrame(bob, alice, "welcome back", ""));

        assertThat(awaitDeliveries(alice, 1, DirectMessagePolicyIT::isMessage).get(0).getFrame().getContent())
                .isEqualTo("welcome back");
    }

    @Test
    void theOpenPolicyLetsAnyoneMessageAnyExistingUser() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        MessagingProperties open = new MessagingProperties(properties.maxTextLength(),
                properties.maxClientMessageIdLength(), properties.recipientWait(), properties.conversationCacheSize(),
                properties.snapshotThreshold(), properties.historyMaxLimit(), properties.pendingMaxLimit(), "open",
                properties.groupEventsWait(), properties.editWindow(), properties.deleteWindow(),
                properties.forwardMaxTargets(), properties.groupSignalsMaxMembers());
        ConversationAccess openAccess = new ConversationAccess(users, recipients, groups, open);
        InboundFrameListener openListener = new InboundFrameListener(commands, openAccess, signals, publisher,
                open, topics);

        openListener.on(record(textFrame(alice, bob, "no contact needed", "")));
        openListener.on(record(textFrame(alice, newUuid(), "but a recipient", "")));

        Delivery delivery = awaitDeliveries(bob, 1, DirectMessagePolicyIT::isMessage).get(0);
        assertThat(delivery.getFrame().getContent()).isEqualTo("no contact needed");
        assertThat(awaitDeliveries(alice, 1, DirectMessagePolicyIT::isError).get(0).getFrame().getErrorCode())
                .isEqualTo("unknown_recipient");
    }

    private ConsumerRecord<String, byte[]> record(InboundFrame inbound) {
        return new ConsumerRecord<>(topics.framesInbound(), 0, 0,
                ConversationIds.pairKey(inbound.getSenderUuid(), inbound.getFrame().getTo()), inbound.toByteArray());
    }
}
