package im.messaging.query.history;

import im.messaging.api.MessageSent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code messages}. */
@Repository
public class MessageHistoryRepository {

    private final JdbcClient jdbc;

    public MessageHistoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Idempotent on the message id (a redelivered event inserts nothing). U+0000, which PostgreSQL text columns
     * refuse, is removed from every text value: the Conversation aggregate refuses it, but an event stored before
     * that rule (or written by any other path) must never stall the projection, which retries a failed event.
     */
    public void insert(MessageSent event) {
        jdbc.sql("""
                        INSERT INTO messages (message_id, conversation_id, seq, from_uuid, from_username, to_uuid,
                                              message_type, content_type, content, url, created_at)
                        VALUES (:messageId, :conversationId, :seq, :fromUuid, :fromUsername, :toUuid,
                                :messageType, :contentType, :content, :url, :createdAt)
                        ON CONFLICT (message_id) DO NOTHING""")
                .param("messageId", storable(event.messageId()))
                .param("conversationId", storable(event.conversationId()))
                .param("seq", event.seq())
                .param("fromUuid", storable(event.fromUuid()))
                .param("fromUsername", storable(event.fromUsername()))
                .param("toUuid", storable(event.toUuid()))
                .param("messageType", event.messageType())
                .param("contentType", event.contentType())
                .param("content", storable(event.content()))
                .param("url", storable(event.url()))
                .param("createdAt", Timestamp.from(event.sentAt()))
                .update();
    }

    private static String storable(String text) {
        return text == null ? "" : text.replace("\u0000", "");
    }

    /** The latest {@code limit} messages of a conversation, oldest first. */
    public List<HistoryMessage> latest(String conversationId, int limit) {
        return latest(conversationId, limit, null);
    }

    /**
     * The latest {@code limit} messages of a conversation created after {@code after} (all if null: the reader
     * never left), oldest first.
     */
    public List<HistoryMessage> latest(String conversationId, int limit, Instant after) {
        List<HistoryMessage> newestFirst = new ArrayList<>(jdbc.sql("""
                        SELECT id, message_id, conversation_id, seq, from_uuid, from_username, to_uuid, message_type,
                               content_type, content, url, created_at
                          FROM messages
                         WHERE conversation_id = :conversationId AND created_at > :after
                         ORDER BY seq DESC LIMIT :limit""")
                .param("conversationId", conversationId)
                .param("after", Timestamp.from(after == null ? Instant.EPOCH : after))
                .param("limit", limit)
                .query((rs, row) -> new HistoryMessage(rs.getLong("id"), rs.getString("message_id"),
                        rs.getString("conversation_id"), rs.getLong("seq"), rs.getString("from_uuid"),
                        rs.getString("from_username"), rs.getString("to_uuid"), rs.getInt("message_type"),
                        rs.getInt("content_type"), rs.getString("content"), rs.getString("url"),
                        rs.getTimestamp("created_at").toInstant()))
                .list());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    public int countInConversation(String conversationId) {
        return jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = :conversationId")
                .param("conversationId", conversationId)
                .query(Integer.class).single();
    }

    void deleteAll() {
        jdbc.sql("DELETE FROM messages").update();
    }
}
