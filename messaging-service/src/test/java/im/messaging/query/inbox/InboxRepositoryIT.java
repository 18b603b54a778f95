package im.messaging.query.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import im.messaging.support.MessagingIntegrationTest;
import im.proto.Message;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The batched inbox append the delivery processor uses once per batch of events, on real PostgreSQL. */
class InboxRepositoryIT extends MessagingIntegrationTest {

    @Autowired
    InboxRepository inbox;

    private static String recipient() {
        return UUID.randomUUID().toString();
    }

    private static InboxAppend append(String recipient, String key, String text) {
        return new InboxAppend(recipient, key, inboxSeq -> Message.newBuilder().setContent(text)
                .setInboxSeq(inboxSeq).build());
    }

    @Test
    void entriesOfOneRecipientInOneBatchAreNumberedInBatchOrder() {
        String bob = recipient();
        String carol = recipient();

        List<AppendedEntry> entries = inbox.appendAllCommitted(List.of(
                append(bob, "m1", "one"), append(carol, "m1", "one"), append(bob, "m2", "two"),
                append(bob, "m3", "three")));

        assertThat(entries).extracting(AppendedEntry::recipientUuid).containsExactly(bob, carol, bob, bob);
        assertThat(entries).extracting(AppendedEntry::inboxSeq).containsExactly(1L, 1L, 2L, 3L);
        assertThat(entries).extracting(e -> e.frame().getInboxSeq()).containsExactly(1L, 1L, 2L, 3L);
        assertThat(inbox.after(bob, 0, 10)).extracting(InboxEntry::inboxSeq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aLaterBatchContinuesEachRecipientsNumbering() {
        String bob = recipient();
        inbox.appendAllCommitted(List.of(append(bob, "m1", "one"), append(bob, "m2", "two")));

        List<AppendedEntry> entries = inbox.appendAllCommitted(List.of(append(bob, "m3", "three")));

        assertThat(entries).extracting(AppendedEntry::inboxSeq).containsExactly(3L);
    }

    @Test
    void aRetriedBatchGetsTheStoredEntriesBackAndNumbersOnlyTheNewOnes() {
        String bob = recipient();
        inbox.appendAllCommitted(List.of(append(bob, "m1", "one"), append(bob, "m2", "two")));

        // a retry after the Kafka publish failed: same keys (frames built again would differ), plus a new one
        List<AppendedEntry> entries = inbox.appendAllCommitted(List.of(
                append(bob, "m1", "changed"), append(bob, "m2", "changed"), append(bob, "m3", "three")));

        assertThat(entries).extracting(AppendedEntry::inboxSeq).containsExactly(1L, 2L, 3L);
        assertThat(entries).extracting(e -> e.frame().getContent()).containsExactly("one", "two", "three");
        assertThat(inbox.after(bob, 0, 10)).hasSize(3);
    }

    @Test
    void aKeyRepeatedInOneBatchIsStoredOnce() {
        String bob = recipient();

        List<AppendedEntry> entries = inbox.appendAllCommitted(List.of(
                append(bob, "m1", "one"), append(bob, "m1", "one again"), append(bob, "m2", "two")));

        assertThat(entries).extracting(AppendedEntry::inboxSeq).containsExactly(1L, 2L);
        assertThat(inbox.after(bob, 0, 10)).extracting(InboxEntry::inboxSeq).containsExactly(1L, 2L);
    }

    @Test
    void anEmptyBatchWritesNothing() {
        assertThat(inbox.appendAllCommitted(List.of())).isEmpty();
    }
}
