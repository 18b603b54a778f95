package im.messaging.query.inbox;

import im.proto.Message;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
     * Appends entries to recipients' inboxes and commits before returning, whatever transaction the caller is in: a
     * row must be visible to the pending query before its Delivery is published. The delivery processor calls this
     * once per batch of events, so the cost is one transaction and a fixed number of statements however many
     * messages and recipients the batch holds:
     * <ol>
     *   <li>one query finds the rows a previous attempt committed (idempotent on (recipient, entry key): they are
     *       answered as stored, same inbox_seq, same frame);</li>
     *   <li>one statement moves every other recipient's {@code inbox_head.last_seq} forward by the number of entries
     *       it gets (heads locked in uuid order, so concurrent writers cannot deadlock);</li>
     *   <li>the new rows take the numbers {@code last_seq - n + 1 .. last_seq} in the order of {@code appends}, and
     *       one JDBC batch inserts them.</li>
     * </ol>
     * The entry key is the message id for a message, the stored event's id for an edit, deletion or hide.
     *
     * @return one entry per distinct (recipient, entry key), in the order of {@code appends}; a new entry carries the
     *         frame built for it, a stored one the stored frame
     */
    public List<AppendedEntry> appendAllCommitted(List<InboxAppend> appends) {
        Map<InboxAppend.Key, InboxAppend> distinct = new LinkedHashMap<>();
        appends.forEach(append -> distinct.putIfAbsent(append.key(), append));
        if (distinct.isEmpty()) {
            return List.of();
        }
        return ownTransaction.execute(status -> {
            Map<InboxAppend.Key, AppendedEntry> entries = new HashMap<>();
            String[] recipients = distinct.keySet().stream().map(InboxAppend.Key::recipientUuid).toArray(String[]::new);
            String[] entryKeys = distinct.keySet().stream().map(InboxAppend.Key::entryKey).toArray(String[]::new);
            jdbcTemplate.query("""
                            SELECT i.recipient_uuid, i.message_id, i.inbox_seq, i.frame
                              FROM unnest(?::varchar[], ?::varchar[]) AS k(recipient_uuid, message_id)
                              JOIN inbox i ON i.recipient_uuid = k.recipient_uuid AND i.message_id = k.message_id""",
                    (ResultSet rs) -> {
                        InboxAppend.Key key = new InboxAppend.Key(rs.getString("recipient_uuid"),
                                rs.getString("message_id"));
                        entries.put(key, AppendedEntry.stored(key.recipientUuid(), rs.getLong("inbox_seq"),
                                rs.getBytes("frame")));
                    }, recipients, entryKeys);
            List<InboxAppend> missing = distinct.values().stream().filter(a -> !entries.containsKey(a.key())).toList();
            if (!missing.isEmpty()) {
                Map<String, Long> counts = new TreeMap<>();
                missing.forEach(append -> counts.merge(append.recipientUuid(), 1L, Long::sum));
                Map<String, Long> nextSeq = new HashMap<>();
                jdbcTemplate.query("""
                                INSERT INTO inbox_head (recipient_uuid, last_seq)
                                SELECT recipient, n FROM unnest(?::varchar[], ?::bigint[]) AS t(recipient, n)
                                 ORDER BY recipient
                                ON CONFLICT (recipient_uuid) DO UPDATE SET last_seq = inbox_head.last_seq + EXCLUDED.last_seq
                                RETURNING recipient_uuid, last_seq""",
                        (ResultSet rs) -> {
                            String recipient = rs.getString("recipient_uuid");
                            nextSeq.put(recipient, rs.getLong("last_seq") - counts.get(recipient) + 1);
                        }, counts.keySet().toArray(String[]::new), counts.values().toArray(Long[]::new));
                List<NewRow> added = new ArrayList<>(missing.size());
                for (InboxAppend append : missing) {
                    long inboxSeq = nextSeq.merge(append.recipientUuid(), 1L, Long::sum) - 1;
                    Message frame = append.frameAt().apply(inboxSeq);
                    added.add(new NewRow(append.key(), inboxSeq, frame, frame.toByteArray()));
                }
                jdbcTemplate.batchUpdate("""
                                INSERT INTO inbox (recipient_uuid, inbox_seq, message_id, frame) VALUES (?, ?, ?, ?)""",
                        added, added.size(), (ps, row) -> {
                            ps.setString(1, row.key().recipientUuid());
                            ps.setLong(2, row.inboxSeq());
                            ps.setString(3, row.key().entryKey());
                            ps.setBytes(4, row.bytes());
                        });
                added.forEach(row -> entries.put(row.key(),
                        new AppendedEntry(row.key().recipientUuid(), row.inboxSeq(), row.frame())));
            }
            return distinct.keySet().stream().map(entries::get).toList();
        });
    }

    private record NewRow(InboxAppend.Key key, long inboxSeq, Message frame, byte[] bytes) {
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
     * Moves each recipient's delivery cursor to the given inbox_seq, never backwards and never past the recipient's
     * last inbox entry (a receipt for entries that do not exist cannot hide future ones); one statement for all,
     * cursors locked in uuid order so two writers cannot deadlock.
     */
    public void advanceCursors(Map<String, Long> upToInboxSeqByRecipient) {
        if (upToInboxSeqByRecipient.isEmpty()) {
            return;
        }
        Map<String, Long> sorted = new TreeMap<>(upToInboxSeqByRecipient);
        jdbcTemplate.update("""
                        INSERT INTO delivery_cursor (recipient_uuid, delivered_seq)
                        SELECT h.recipient_uuid, LEAST(r.up_to, h.last_seq)
                          FROM unnest(?::varchar[], ?::bigint[]) AS r(recipient_uuid, up_to)
                          JOIN inbox_head h ON h.recipient_uuid = r.recipient_uuid
                         ORDER BY h.recipient_uuid
                        ON CONFLICT (recipient_uuid) DO UPDATE
                           SET delivered_seq = GREATEST(delivery_cursor.delivered_seq, EXCLUDED.delivered_seq)""",
                sorted.keySet().toArray(String[]::new), sorted.values().toArray(Long[]::new));
    }

    public long deliveredSeq(String recipientUuid) {
        return jdbc.sql("SELECT delivered_seq FROM delivery_cursor WHERE recipient_uuid = :recipient")
                .param("recipient", recipientUuid)
                .query(Long.class).optional().orElse(0L);
    }
}
