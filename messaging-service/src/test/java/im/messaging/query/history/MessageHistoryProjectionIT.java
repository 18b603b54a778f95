package im.messaging.query.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.api.MessageEdited;
import im.messaging.api.MessageSent;
import im.messaging.support.MessagingIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The message-history projection never stalls on an event already in the store, and writes the messages of a
 * batch of events together, in stream order with the batch's other events, and only with the batch's transaction.
 */
class MessageHistoryProjectionIT extends MessagingIntegrationTest {

    @Autowired
    EventGateway events;
    @Autowired
    MessageHistoryRepository history;
    @Autowired
    MessageHistoryProjection projection;
    @Autowired
    TransactionManager transactions;

    private static MessageSent sent(String conversation, String from, String to, long seq, String text) {
        return new MessageSent(conversation, UUID.randomUUID().toString(), seq, "k" + seq, "", from, "name", to, 1, 1,
                text, "", Instant.now(), "");
    }

    /** Handles the events as the processor does a batch: in one unit of work with its transaction. */
    private void inOneBatch(boolean commit, Object... events) {
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactions);
        for (Object event : events) {
            if (event instanceof MessageSent sent) {
                projection.on(sent);
            } else if (event instanceof MessageEdited edited) {
                projection.on(edited);
            }
        }
        if (commit) {
            batch.commit();
        } else {
            batch.rollback();
        }
    }

    @Test
    void theMessagesOfABatchAreStoredTogetherAndAnEditLaterInTheBatchApplies() {
        String alice = newUuid();
        String bob = newUuid();
        String carol = newUuid();
        String withBob = ConversationIds.direct(alice, bob);
        String withCarol = ConversationIds.direct(alice, carol);
        MessageSent first = sent(withBob, alice, bob, 1, "first");

        inOneBatch(true, first, sent(withBob, bob, alice, 2, "second"), sent(withCarol, alice, carol, 1, "hello"),
                new MessageEdited(withBob, first.messageId(), 1, alice, bob, 1, "first, edited", 1, Instant.now(),
                        first.sentAt()));

        assertThat(history.latest(withBob, 10)).extracting(HistoryMessage::content)
                .containsExactly("first, edited", "second");
        assertThat(history.lastSeq(withBob)).isEqualTo(2);
        assertThat(history.lastSeq(withCarol)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT user_uuid FROM direct_parties WHERE conversation_id = :c")
                .param("c", withBob).query(String.class).list()).containsExactlyInAnyOrder(alice, bob);
    }

    @Test
    void aBatchThatRollsBackStoresNothingAndItsRetryStoresEachMessageOnce() {
        String alice = newUuid();
        String bob = newUuid();
        String conversation = ConversationIds.direct(alice, bob);
        MessageSent first = sent(conversation, alice, bob, 1, "one");
        MessageSent second = sent(conversation, alice, bob, 2, "two");

        inOneBatch(false, first, second);
        assertThat(history.countInConversation(conversation)).isZero();

        inOneBatch(true, first, second);
        inOneBatch(true, second); // redelivered
        assertThat(history.latest(conversation, 10)).extracting(HistoryMessage::seq).containsExactly(1L, 2L);
        assertThat(history.lastSeq(conversation)).isEqualTo(2);
    }

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
