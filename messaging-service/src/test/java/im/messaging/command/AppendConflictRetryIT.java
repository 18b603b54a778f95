package im.messaging.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.messaging.api.ConversationIds;
import im.messaging.api.MessageRefusedException;
import im.messaging.api.MessageSent;
import im.messaging.api.SendMessage;
import im.messaging.api.SendResult;
import im.messaging.support.MessagingIntegrationTest;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two messaging instances each cache Conversation aggregates: when the other instance appended to a conversation,
 * this instance's cached copy is stale and its next append conflicts in the event store. The command is retried on
 * the conversation as stored, so the caller sees a normal answer with the right seq (before: HTTP 500).
 */
class AppendConflictRetryIT extends MessagingIntegrationTest {

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStorageEngine storageEngine;

    private SendResult send(String from, String to, String dedupeKey) {
        return commands.sendAndWait(new SendMessage(ConversationIds.direct(from, to), dedupeKey, "", from, "name",
                to, 1, 1, "message " + dedupeKey, "", ""));
    }

    /** What another instance does: appends the conversation's next event without this instance's cache. */
    private void appendedElsewhere(String conversationId, long aggregateSequence, String from, String to, long seq) {
        storageEngine.appendEvents(new GenericDomainEventMessage<>("Conversation", conversationId, aggregateSequence,
                new MessageSent(conversationId, UUID.randomUUID().toString(), seq, "elsewhere-" + seq, "", from,
                        "name", to, 1, 1, "sent through the other instance", "", Instant.now(), "")));
    }

    @Test
    void aCommandOnAStaleCachedConversationIsRetriedOnTheStoredOne() {
        String alice = newUuid();
        String bob = newUuid();
        assertThat(send(alice, bob, "k-1").seq()).isEqualTo(1); // now cached here at aggregate sequence 0

        appendedElsewhere(ConversationIds.direct(alice, bob), 1, bob, alice, 2);
        SendResult next = send(alice, bob, "k-3");

        assertThat(next.duplicate()).isFalse();
        assertThat(next.seq()).isEqualTo(3);
        assertThat(send(alice, bob, "k-1").duplicate()).as("the resend window survived the reload").isTrue();
    }

    @Test
    void aRefusalIsStillAnsweredAsARefusal() {
        String alice = newUuid();
        String bob = newUuid();
        send(alice, bob, "k-1");

        // not a participant of the alice|bob conversation: the refusal comes back as it was thrown (CommandRetryTest
        // checks that the retry scheduler never retries one)
        assertThatThrownBy(() -> commands.sendAndWait(new SendMessage(ConversationIds.direct(alice, bob), "k-2", "",
                newUuid(), "name", bob, 1, 1, "text", "", "")))
                .isInstanceOf(MessageRefusedException.class);
        assertThat(send(alice, bob, "k-3").seq()).isEqualTo(2);
    }
}
