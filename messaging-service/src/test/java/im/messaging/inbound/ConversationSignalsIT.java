package im.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.query.history.MessageHistoryRepository;
import im.messaging.support.MessagingIntegrationTest;
import im.proto.Message;
import im.proto.frames.Delivery;
import im.proto.frames.InboundFrame;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Socket frames that are not messages: read positions (stored, relayed) and typing (relayed only). */
class ConversationSignalsIT extends MessagingIntegrationTest {

    @Autowired
    MessageHistoryRepository history;

    private InboundFrame signal(String from, String to, int messageType, String type, long seq) {
        return inbound(from, Message.newBuilder().setFrom(from).setTo(to).setMessageType(messageType).setType(type)
                .setSeq(seq).build());
    }

    @Test
    void aReadFrameMovesTheReadersPositionAndTellsTheOtherParty() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        sendAndAwaitStored(alice, bob, "one", "two");

        publishInbound(signal(bob, alice, 1, "read", 2));

        Message read = awaitDeliveries(alice, 1, d -> d.getFrame().getType().equals("read")).get(0).getFrame();
        assertThat(read.getFrom()).isEqualTo(bob);
        assertThat(read.getTo()).isEqualTo(alice);
        assertThat(read.getSeq()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> history.readSeq(ConversationIds.direct(alice, bob), bob) == 2);
    }

    @Test
    void typingIsRelayedToTheOtherPartyAndNeverStored() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);

        publishInbound(signal(alice, bob, 1, "typing", 0));

        Delivery typing = awaitDeliveries(bob, 1, d -> d.getFrame().getType().equals("typing")).get(0);
        assertThat(typing.getInboxSeq()).as("not queued").isZero();
        assertThat(typing.getFrame().getFrom()).isEqualTo(alice);
        assertThat(history.lastSeq(ConversationIds.direct(alice, bob))).isZero();
    }

    @Test
    void typingInAGroupReachesTheOtherMembersReaddressed() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String group = createdGroup(alice, "typists");
        joined(group, bob);

        publishInbound(signal(alice, group, 2, "typing", 0));

        Message typing = awaitDeliveries(bob, 1, d -> d.getFrame().getType().equals("typing")).get(0).getFrame();
        assertThat(typing.getFrom()).isEqualTo(group);
        assertThat(typing.getTo()).isEqualTo(alice);
    }

    @Test
    void aStrangerCannotSignalTyping() {
        String alice = registeredUser("alice");
        String stranger = registeredUser("stranger");

        publishInbound(signal(stranger, alice, 1, "typing", 0));

        Delivery error = awaitDeliveries(stranger, 1, d -> d.getFrame().getType().equals("error")).get(0);
        assertThat(error.getFrame().getErrorCode()).isEqualTo("not_contact");
        assertThat(deliveriesTo(alice)).isEmpty();
    }
}
