package im.messaging.query.inbox;

import im.proto.Message;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-recipient inbox ({@code inbox}, {@code inbox_head}) and delivery cursor ({@code delivery_cursor}).
 *
 * <p>{@code inbox_seq} is a per-recipient counter from 1: {@code inbox_head.last_seq} is incremented in the same
 * transaction that inserts the row, so the numbers are gapless and in insertion order. The delivery cursor is the
 * highest inbox_seq a gateway confirmed written to one of the recipient's sockets; pending = rows above it.
 */
@Repository
public class InboxRepository {

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    public InboxRepository(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Appends the message to the recipient's inbox and commits before returning, whatever transaction the caller
     * is in: the row must be visible to the pending query before its Delivery is published. Idempotent on
     * (recipient, message id): a second call returns the row stored by the first (same inbox_seq, same frame).
     *
     * @param frameAt builds the frame for the inbox_seq the row gets
     */
    public InboxEntry appendCommitted(String recipientUuid, String messageId, LongFunction<Message> frameAt) {
        return ownTransaction.execute(status -> {
            Optional<InboxEntry> existing = jdbc.sql("""
                            SELECT recipient_uuid, inbox_seq, frame FROM inbox
                             WHERE recipient_uuid = :recipient AND message_id = :messageId""")
                    .param("recipient", recipientUuid).param("messageId", messageId)
                    .query(InboxEntry.class).optional();
            if (existing.isPresent()) {
                return existing.get();
            }
            long inboxSeq = jdbc.sql("""
                            INSERT INTO inbox_head (recipient_uuid, last_seq) VALUES (:recipient, 1)
                            ON CONFLICT (recipient_uuid) DO UPDATE SET last_seq = inbox_head.last_seq + 1
                            RETURNING last_seq""")
                    .param("recipient", recipientUuid)
                    .query(Long.class).single();
            byte[] frame = frameAt.apply(inboxSeq).toByteArray();
            jdbc.sql("""
                            INSERT INTO inbox (recipient_uuid, inbox_seq, message_id, frame)
                            VALUES (:recipient, :inboxSeq, :messageId, :frame)""")
                    .param("recipient", recipientUuid).param("inboxSeq", inboxSeq)
                    .param("messageId", messageId).param("frame", frame)
                    .update();
            return new InboxEntry(recipientUuid, inboxSeq, frame);
        });
    }

    /** Up to {@code limit} entries after both the recipient's delivery cursor and {@code after}, in inbox order. */
    public List<InboxEntry> pending(String recipientUuid, long after, int limit) {
        return jdbc.sql("""
                        SELECT recipient_uuid, inbox_seq, frame FROM inbox
                         WHERE recipient_uuid = :recipient
                           AND inbox_seq > GREATEST(:after, COALESCE((SELECT delivered_seq FROM delivery_cursor
                                                                       WHERE recipient_uuid = :recipient), 0))
                         ORDER BY inbox_seq
                         LIMIT :limit""")
                .param("recipient", recipientUuid).param("after", after).param("limit", limit)
                .query(InboxEntry.class).list();
    }

    /**
     * Moves the recipient's delivery cursor to {@code upToInboxSeq}, never backwards and never past the last inbox
     * entry (a receipt for entries that do not exist cannot hide future ones).
     */
    public void advanceCursor(String recipientUuid, long upToInboxSeq) {
        jdbc.sql("""
                        INSERT INTO delivery_cursor (recipient_uuid, delivered_seq)
                        SELECT h.recipient_uuid, LEAST(:upTo, h.last_seq) FROM inbox_head h
                         WHERE h.recipient_uuid = :recipient
                        ON CONFLICT (recipient_uuid) DO UPDATE
                           SET delivered_seq = GREATEST(delivery_cursor.delivered_seq, EXCLUDED.delivered_seq)""")
                .param("recipient", recipientUuid).param("upTo", upToInboxSeq)
                .update();
    }

    public long deliveredSeq(String recipientUuid) {
        return jdbc.sql("SELECT delivered_seq FROM delivery_cursor WHERE recipient_uuid = :recipient")
                .param("recipient", recipientUuid)
                .query(Long.class).optional().orElse(0L);
    }
}
