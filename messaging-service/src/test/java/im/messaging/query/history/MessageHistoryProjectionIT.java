package im.messaging.query.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.api.MessageSent;
import im.messaging.support.MessagingIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The message-history projection never stalls on an event already in the store. */
class MessageHistoryProjectionIT extends MessagingIntegrationTest {

    @Autowired
    EventGateway events;
    @Autowired
    MessageHistoryRepository history;

    @Test
    void aStoredTextWithANulCharacterIsKeptWithoutItAndLaterMessagesStillArrive() {
        String alice = newUuid();
        String bob = newUuid();
        String conversation = ConversationIds.direct(alice, bob);
        // as stored before the Conversation aggregate refused U+0000
        events.publish(new MessageSent(conversation, UUID.randomUUID().toString(), 1, "frame-1", "", alice,
                "ali\u0000ce", bob, 1, 1, "stored\u0000 before the rule", "", Instant.now(), ""));

        String carol = registeredUser("carol");
        String dave = registeredUser("dave");
        contacts(carol, dave);
        publishInbound(textFrame(carol, dave, "later", ""));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> history.countInConversation(ConversationIds.direct(carol, dave)) == 1);
        assertThat(history.latest(conversation, 10)).singleElement().satisfies(message -> {
            assertThat(message.content()).isEqualTo("stored before the rule");
            assertThat(message.fromUsername()).isEqualTo("alice");
        });
    }
}
