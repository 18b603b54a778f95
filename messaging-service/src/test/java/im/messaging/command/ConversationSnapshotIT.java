package im.messaging.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.api.SendMessage;
import im.messaging.api.SendResult;
import im.messaging.support.MessagingIntegrationTest;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A long conversation is snapshotted (every 200 events) and the snapshot round-trips through the configured
 * Jackson 3 serializer: the state read back from the snapshot table continues the seq and still recognises resends.
 */
class ConversationSnapshotIT extends MessagingIntegrationTest {

    private static final int MESSAGES = 230;

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    @Qualifier("conversationCache")
    Cache conversationCache;

    private SendResult send(String from, String to, String dedupeKey) {
        return commands.sendAndWait(new SendMessage(ConversationIds.direct(from, to), dedupeKey, "", from, "name",
                to, 1, 1, "message " + dedupeKey, "", ""));
    }

    @Test
    void aLongConversationIsSnapshottedAndContinuesFromTheSnapshot() {
        String alice = newUuid();
        String bob = newUuid();
        String conversationId = ConversationIds.direct(alice, bob);
        for (int i = 1; i <= MESSAGES; i++) {
            send(alice, bob, "k-" + i);
        }

        DomainEventMessage<?> snapshot = await().atMost(Duration.ofSeconds(20))
                .until(() -> storageEngine.readSnapshot(conversationId), found -> found.isPresent())
                .orElseThrow();
        assertThat(snapshot.getPayload()).isInstanceOf(Conversation.class);
        Conversation fromSnapshot = (Conversation) snapshot.getPayload();
        assertThat(fromSnapshot.conversationId()).isEqualTo(conversationId);
        assertThat(fromSnapshot.lastSeq()).isEqualTo(snapshot.getSequenceNumber() + 1).isGreaterThanOrEqualTo(200);
        assertThat(fromSnapshot.rememberedMessages()).isEqualTo((int) fromSnapshot.lastSeq());

        assertThat(conversationCache.containsKey(conversationId)).as("the aggregate is kept in the cache").isTrue();
        conversationCache.removeAll(); // the next command loads the aggregate from the snapshot and later events
        SendResult resend = send(alice, bob, "k-5");
        SendResult next = send(bob, alice, "k-new");

        assertThat(resend.duplicate()).isTrue();
        assertThat(resend.seq()).isEqualTo(5);
        assertThat(next.duplicate()).isFalse();
        assertThat(next.seq()).isEqualTo(MESSAGES + 1);
    }
}
