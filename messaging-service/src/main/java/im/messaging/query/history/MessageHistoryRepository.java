package im.messaging.query.history;

import im.messaging.api.MessageDeletedForAll;
import im.messaging.api.MessageEdited;
import im.messaging.api.MessageHidden;
import im.messaging.api.MessageSent;
import im.messaging.api.ReadPositionMoved;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The history read model: tables {@code messages} (one row per message, as it is now), {@code message_hidden}
 * ("deleted for me"), {@code conversations} (last seq per conversation), {@code direct_parties} (who is in which 1:1
 * conversation) and {@code read_positions}.
 *
 * <p>Every write is idempotent, so a redelivered event changes nothing: inserts ignore conflicts, an edit applies
 * only over an older edit number, a deletion only once, positions and last seqs only move forward.
 *
 * <p>Visibility for a reader: {@code visibleAfter} is the start of the reader's window (1:1: their last leave of
 * the chat; group: the start of their current membership; null: everything), exclusive.
 */
@Repository
public class MessageHistoryRepository {

    private static final String COLUMNS = """
            m.id, m.message_id, m.conversation_id, m.seq, m.from_uuid, m.from_username, m.to_uuid, m.message_type,
            m.content_type, m.content, m.url, m.created_at, m.edited_at, m.edit_count, m.deleted_at,
            m.forwarded_from""";

    /** The reader's "deleted for me" flag as column {@code hidden} (parameter {@code :reader}). */
    private static final String HIDDEN_BY_READER = """
            , EXISTS (SELECT 1 FROM message_hidden h
                       WHERE h.user_uuid = :reader AND h.message_id = m.message_id) AS hidden""";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    public MessageHistoryRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    // ------------------------------------------------------------------------------------------------ writes

    /**
     * Stores messages, idempotent on the message id (a redelivered event inserts nothing). U+0000, which PostgreSQL
     * text columns refuse, is removed from every text value: the Conversation aggregate refuses it, but an event
     * stored before that rule (or written by any other path) must never stall the projection, which retries a failed
     * event. Also moves each conversation's last seq (once per conversation, to the highest seq given) and, for 1:1,
     * records both parties.
     *
     * <p>The projection calls this once per batch of events ({@link HistoryBatch}): three JDBC batches however many
     * messages the batch holds, instead of three statements per message.
     */
    public void insertAll(List<MessageSent> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbcTemplate.batchUpdate("""
                        INSERT INTO messages (message_id, conversation_id, seq, from_uuid, from_username, to_uuid,
                                              message_type, content_type, content, url, created_at, forwarded_from)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (message_id) DO NOTHING""",
                events, events.size(), (ps, event) -> {
                    ps.setString(1, storable(event.messageId()));
                    ps.setString(2, storable(event.conversationId()));
                    ps.setLong(3, event.seq());
                    ps.setString(4, storable(event.fromUuid()));
                    ps.setString(5, storable(event.fromUsername()));
                    ps.setString(6, storable(event.toUuid()));
                    ps.setInt(7, event.messageType());
                    ps.setInt(8, event.contentType());
                    ps.setString(9, storable(event.content()));
                    ps.setString(10, storable(event.url()));
                    ps.setTimestamp(11, Timestamp.from(event.sentAt()));
                    ps.setString(12, storable(event.forwardedFrom()));
                });
        Map<String, MessageSent> lastByConversation = new LinkedHashMap<>();
        events.forEach(event -> lastByConversation.merge(event.conversationId(), event,
                (kept, other) -> other.seq() > kept.seq() ? other : kept));
        List<MessageSent> lasts = List.copyOf(lastByConversation.values());
        jdbcTemplate.batchUpdate("""
                        INSERT INTO conversations (conversation_id, message_type, last_seq, last_message_at)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (conversation_id) DO UPDATE
                           SET last_seq = EXCLUDED.last_seq, last_message_at = EXCLUDED.last_message_at
                         WHERE conversations.last_seq < EXCLUDED.last_seq""",
                lasts, lasts.size(), (ps, event) -> {
                    ps.setString(1, storable(event.conversationId()));
                    ps.setInt(2, event.messageType());
                    ps.setLong(3, event.seq());
                    ps.setTimestamp(4, Timestamp.from(event.sentAt()));
                });
        List<MessageSent> direct = lasts.stream().filter(event -> event.messageType() == 1).toList();
        if (!direct.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                            INSERT INTO direct_parties (user_uuid, conversation_id, with_uuid)
                            VALUES (?, ?, ?), (?, ?, ?)
                            ON CONFLICT DO NOTHING""",
                    direct, direct.size(), (ps, event) -> {
                        String from = storable(event.fromUuid());
                        String to = storable(event.toUuid());
                        String conversationId = storable(event.conversationId());
                        ps.setString(1, from);
                        ps.setString(2, conversationId);
                        ps.setString(3, to);
                        ps.setString(4, to);
                        ps.setString(5, conversationId);
                        ps.setString(6, from);
                    });
        }
    }

    /** The new text, unless a later edit (or a deletion) was applied already. */
    public void edited(MessageEdited event) {
        jdbc.sql("""
                        UPDATE messages SET content = :content, edited_at = :editedAt, edit_count = :editNumber
                         WHERE message_id = :messageId AND edit_count < :editNumber AND deleted_at IS NULL""")
                .param("content", storable(event.content()))
                .param("editedAt", Timestamp.from(event.editedAt()))
                .param("editNumber", event.editNumber())
                .param("messageId", event.messageId())
                .update();
    }

    /** A tombstone: the row stays (its seq is taken), its content and file go. */
    public void deletedForAll(MessageDeletedForAll event) {
        jdbc.sql("""
                        UPDATE messages SET content = '', url = '', deleted_at = :deletedAt, deleted_by = :deletedBy
                         WHERE message_id = :messageId AND deleted_at IS NULL""")
                .param("deletedAt", Timestamp.from(event.deletedAt()))
                .param("deletedBy", event.deletedByUuid())
                .param("messageId", event.messageId())
                .update();
    }

    public void hidden(MessageHidden event) {
        jdbc.sql("""
                        INSERT INTO message_hidden (user_uuid, message_id, conversation_id, seq, hidden_at)
                        VALUES (:user, :messageId, :conversationId, :seq, :hiddenAt)
                        ON CONFLICT DO NOTHING""")
                .param("user", event.userUuid())
                .param("messageId", event.messageId())
                .param("conversationId", event.conversationId())
                .param("seq", event.seq())
                .param("hiddenAt", Timestamp.from(event.hiddenAt()))
                .update();
    }

    public void readPositionMoved(ReadPositionMoved event) {
        jdbc.sql("""
                        INSERT INTO read_positions (conversation_id, user_uuid, read_seq, read_at)
                        VALUES (:conversationId, :user, :readSeq, :readAt)
                        ON CONFLICT (conversation_id, user_uuid) DO UPDATE
                           SET read_seq = EXCLUDED.read_seq, read_at = EXCLUDED.read_at
                         WHERE read_positions.read_seq < EXCLUDED.read_seq""")
                .param("conversationId", event.conversationId())
                .param("user", event.readerUuid())
                .param("readSeq", event.readSeq())
                .param("readAt", Timestamp.from(event.readAt()))
                .update();
    }

    void deleteAll() {
        jdbc.sql("TRUNCATE messages, message_hidden, conversations, direct_parties, read_positions").update();
    }

    private static String storable(String text) {
        return text == null ? "" : text.replace("\u0000", "");
    }

    // ------------------------------------------------------------------------------------------------ reads

    /** The latest {@code limit} messages of a conversation (all rows, tombstones included), oldest first. */
    public List<HistoryMessage> latest(String conversationId, int limit) {
        return latest(conversationId, limit, null);
    }

    /** As {@link #latest(String, int)}, only messages created after {@code visibleAfter} (null: all). */
    public List<HistoryMessage> latest(String conversationId, int limit, Instant visibleAfter) {
        List<HistoryMessage> newestFirst = new ArrayList<>(jdbc.sql("SELECT " + COLUMNS + ", FALSE AS hidden"
                        + """
                         FROM messages m
                        WHERE m.conversation_id = :conversationId AND m.created_at > :after
                        ORDER BY m.seq DESC LIMIT :limit""")
                .param("conversationId", conversationId)
                .param("after", after(visibleAfter))
                .param("limit", limit)
                .query(MessageHistoryRepository::row)
                .list());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * The legacy history: the latest {@code limit} messages the reader still sees, oldest first: inside their
     * window, not deleted for everyone, not hidden by the reader.
     */
    public List<HistoryMessage> latestShown(String conversationId, int limit, Instant visibleAfter, String reader) {
        List<HistoryMessage> newestFirst = new ArrayList<>(jdbc.sql("SELECT " + COLUMNS + ", FALSE AS hidden"
                        + """
                         FROM messages m
                        WHERE m.conversation_id = :conversationId AND m.created_at > :after
                          AND m.deleted_at IS NULL
                          AND NOT EXISTS (SELECT 1 FROM message_hidden h
                                           WHERE h.user_uuid = :reader AND h.message_id = m.message_id)
                        ORDER BY m.seq DESC LIMIT :limit""")
                .param("conversationId", conversationId)
                .param("after", after(visibleAfter))
                .param("reader", reader)
                .param("limit", limit)
                .query(MessageHistoryRepository::row)
                .list());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * The sync page: up to {@code limit} messages with {@code seq > afterSeq} inside the reader's window, in seq
     * order, tombstones and the reader's hidden ones included (flagged), so the client sees every seq.
     */
    public List<HistoryMessage> page(String conversationId, long afterSeq, int limit, Instant visibleAfter,
                                     String reader) {
        return jdbc.sql("SELECT " + COLUMNS + HIDDEN_BY_READER + """
                          FROM messages m
                         WHERE m.conversation_id = :conversationId AND m.seq > :afterSeq AND m.created_at > :after
                         ORDER BY m.seq LIMIT :limit""")
                .param("conversationId", conversationId)
                .param("afterSeq", afterSeq)
                .param("after", after(visibleAfter))
                .param("reader", reader)
                .param("limit", limit)
                .query(MessageHistoryRepository::row)
                .list();
    }

    /** The first seq the reader may see ({@code created_at > visibleAfter}), empty if none yet. */
    public OptionalLong firstVisibleSeq(String conversationId, Instant visibleAfter) {
        return jdbc.sql("""
                        SELECT min(seq) FROM messages WHERE conversation_id = :conversationId AND created_at > :after""")
                .param("conversationId", conversationId)
                .param("after", after(visibleAfter))
                .query((rs, row) -> {
                    long seq = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(seq);
                })
                .single();
    }

    /** A message by its id, with the reader's hidden flag. */
    public Optional<HistoryMessage> find(String messageId, String reader) {
        return findOne("m.message_id = :key", messageId, reader);
    }

    /** A message by the legacy numeric {@code id}, with the reader's hidden flag. */
    public Optional<HistoryMessage> findByRowId(long id, String reader) {
        return findOne("m.id = :key", id, reader);
    }

    private Optional<HistoryMessage> findOne(String condition, Object key, String reader) {
        return jdbc.sql("SELECT " + COLUMNS + HIDDEN_BY_READER + " FROM messages m WHERE " + condition)
                .param("key", key)
                .param("reader", reader)
                .query(MessageHistoryRepository::row)
                .optional();
    }

    /** A conversation's last seq (0 if it has no message). */
    public long lastSeq(String conversationId) {
        return jdbc.sql("SELECT last_seq FROM conversations WHERE conversation_id = :conversationId")
                .param("conversationId", conversationId)
                .query(Long.class).optional().orElse(0L);
    }

    /** The user's read position in a conversation (0 if never read). */
    public long readSeq(String conversationId, String user) {
        return jdbc.sql("""
                        SELECT read_seq FROM read_positions WHERE conversation_id = :conversationId AND user_uuid = :user""")
                .param("conversationId", conversationId)
                .param("user", user)
                .query(Long.class).optional().orElse(0L);
    }

    public int countInConversation(String conversationId) {
        return jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = :conversationId")
                .param("conversationId", conversationId)
                .query(Integer.class).single();
    }

    private static Timestamp after(Instant visibleAfter) {
        return Timestamp.from(visibleAfter == null ? Instant.EPOCH : visibleAfter);
    }

    private static HistoryMessage row(ResultSet rs, int row) throws SQLException {
        return new HistoryMessage(rs.getLong("id"), rs.getString("message_id"), rs.getString("conversation_id"),
                rs.getLong("seq"), rs.getString("from_uuid"), rs.getString("from_username"), rs.getString("to_uuid"),
                rs.getInt("message_type"), rs.getInt("content_type"), rs.getString("content"), rs.getString("url"),
                rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("edited_at")),
                rs.getInt("edit_count"), instant(rs.getTimestamp("deleted_at")), rs.getString("forwarded_from"),
                rs.getBoolean("hidden"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
