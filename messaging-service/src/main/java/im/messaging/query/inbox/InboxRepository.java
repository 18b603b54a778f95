package im.messaging.query.inbox;

import im.proto.Message;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate ownTransaction;

    public InboxRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Appends the message to the recipient's inbox and commits before returning, whatever transaction the caller
     * is in: the row must be visible to the pending query before its Delivery is published. Idempotent on
     * (recipient, entry key): a second call returns the row stored by the first (same inbox_seq, same frame). The
     * entry key is the message id for a message, the stored event's id for an edit, deletion or hide.
     *
     * @param frameAt builds the frame for the inbox_seq the row gets
     */
    public InboxEntry appendCommitted(String recipientUuid, String entryKey, LongFunction<Message> frameAt) {
        return appendAllCommitted(entryKey, List.of(recipientUuid), (recipient, inboxSeq) -> frameAt.apply(inboxSeq))
                .get(0);
    }

    /**
     * {@link #appendCommitted} for many recipients of one message (a group's members) in ONE transaction and a
     * fixed number of statements: one query finds the rows a previous attempt committed (returned as they are),
     * one statement takes the next inbox_seq of every other recipient (in uuid order, so concurrent writers would
     * lock heads in the same order), one JDBC batch inserts their rows.
     *
     * @param frameAt builds the frame of a recipient for the inbox_seq its row gets
     * @return one entry per distinct recipient, in uuid order
     */
    public List<InboxEntry> appendAllCommitted(String messageId, Collection<String> recipientUuids,
                                               BiFunction<String, Long, Message> frameAt) {
        List<String> recipients = recipientUuids.stream().distinct().sorted().toList();
        if (recipients.isEmpty()) {
            return List.of();
        }
        return ownTransaction.execute(status -> {
            Map<String, InboxEntry> entries = new HashMap<>();
            jdbcTemplate.query("""
                            SELECT recipient_uuid, inbox_seq, frame FROM inbox
                             WHERE message_id = ? AND recipient_uuid = ANY (?::varchar[])""",
                    (ResultSet rs) -> {
                        InboxEntry entry = new InboxEntry(rs.getString("recipient_uuid"), rs.getLong("inbox_seq"),
                                rs.getBytes("frame"));
                        entries.put(entry.recipientUuid(), entry);
                    }, messageId, recipients.toArray(String[]::new));
            String[] missing = recipients.stream().filter(r -> !entries.containsKey(r)).toArray(String[]::new);
            if (missing.length > 0) {
                Map<String, Long> inboxSeqs = new HashMap<>();
                jdbcTemplate.query("""
                                INSERT INTO inbox_head (recipient_uuid, last_seq)
                                SELECT recipient, 1 FROM unnest(?::varchar[]) AS recipient ORDER BY recipient
                                ON CONFLICT (recipient_uuid) DO UPDATE SET last_seq = inbox_head.last_seq + 1
                                RETURNING recipient_uuid, last_seq""",
                        (ResultSet rs) -> {
                            inboxSeqs.put(rs.getString("recipient_uuid"), rs.getLong("last_seq"));
                        }, (Object) missing);
                List<InboxEntry> added = new ArrayList<>(missing.length);
                for (String recipient : missing) {
                    long inboxSeq = inboxSeqs.get(recipient);
                    added.add(new InboxEntry(recipient, inboxSeq, frameAt.apply(recipient, inboxSeq).toByteArray()));
                }
                jdbcTemplate.batchUpdate("""
                                INSERT INTO inbox (recipient_uuid, inbox_seq, message_id, frame) VALUES (?, ?, ?, ?)""",
                        added, added.size(), (ps, entry) -> {
                            ps.setString(1, entry.recipientUuid());
                            ps.setLong(2, entry.inboxSeq());
                            ps.setString(3, messageId);
                            ps.setBytes(4, entry.frame());
                        });
                added.forEach(entry -> entries.put(entry.recipientUuid(), entry));
            }
            return recipients.stream().map(entries::get).toList();
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

    /** Up to {@code limit} entries after {@code after}, in inbox order, whatever the delivery cursor says. */
    public List<InboxEntry> after(String recipientUuid, long after, int limit) {
        return jdbc.sql("""
                        SELECT recipient_uuid, inbox_seq, frame FROM inbox
                         WHERE recipient_uuid = :recipient AND inbox_seq > :after
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
