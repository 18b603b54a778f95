package im.messaging.query.conversations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A user's conversations for the sync API, read across the history read model ({@code conversations},
 * {@code direct_parties}, {@code read_positions}) and the projections of the other contexts ({@code known_users},
 * {@code known_contacts}, {@code known_groups}, {@code group_members}):
 * <ul>
 *   <li>1:1: every conversation with a message in which the user is a party, unless they left that chat (their
 *       contact row is inactive; the legacy lists hide it too);</li>
 *   <li>groups: every open group the user is a current member of, with or without messages.</li>
 * </ul>
 * Most recent first (a group without messages by its join time).
 */
@Repository
public class ConversationList {

    private final JdbcClient jdbc;

    public ConversationList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param peerReadSeq 1:1: the other party's read position; group: 0
     */
    public record Entry(String conversationId, int messageType, String with, String name, boolean deleted,
                        long lastSeq, Instant lastMessageAt, long readSeq, long peerReadSeq) {
    }

    public List<Entry> of(String user) {
        List<Entry> entries = new ArrayList<>(jdbc.sql("""
                        SELECT c.conversation_id, p.with_uuid, COALESCE(u.username, '') AS name,
                               u.deleted_at IS NOT NULL AS deleted, c.last_seq, c.last_message_at,
                               COALESCE(mine.read_seq, 0) AS read_seq, COALESCE(theirs.read_seq, 0) AS peer_read_seq
                          FROM direct_parties p
                          JOIN conversations c ON c.conversation_id = p.conversation_id
                          LEFT JOIN known_users u ON u.uuid = p.with_uuid
                          LEFT JOIN known_contacts k ON k.owner_uuid = p.user_uuid AND k.contact_uuid = p.with_uuid
                          LEFT JOIN read_positions mine
                                 ON mine.conversation_id = c.conversation_id AND mine.user_uuid = p.user_uuid
                          LEFT JOIN read_positions theirs
                                 ON theirs.conversation_id = c.conversation_id AND theirs.user_uuid = p.with_uuid
                         WHERE p.user_uuid = :user AND (k.active IS NULL OR k.active)""")
                .param("user", user)
                .query((rs, row) -> new Entry(rs.getString("conversation_id"), 1, rs.getString("with_uuid"),
                        rs.getString("name"), rs.getBoolean("deleted"), rs.getLong("last_seq"),
                        rs.getTimestamp("last_message_at").toInstant(), rs.getLong("read_seq"),
                        rs.getLong("peer_read_seq")))
                .list());
        entries.addAll(jdbc.sql("""
                        SELECT 'grp:' || m.group_uuid AS conversation_id, m.group_uuid, g.name,
                               COALESCE(c.last_seq, 0) AS last_seq, COALESCE(c.last_message_at, m.joined_at) AS at,
                               COALESCE(r.read_seq, 0) AS read_seq
                          FROM group_members m
                          JOIN known_groups g ON g.uuid = m.group_uuid AND NOT g.closed
                          LEFT JOIN conversations c ON c.conversation_id = 'grp:' || m.group_uuid
                          LEFT JOIN read_positions r
                                 ON r.conversation_id = 'grp:' || m.group_uuid AND r.user_uuid = m.user_uuid
                         WHERE m.user_uuid = :user AND m.active""")
                .param("user", user)
                .query((rs, row) -> new Entry(rs.getString("conversation_id"), 2, rs.getString("group_uuid"),
                        rs.getString("name"), false, rs.getLong("last_seq"), rs.getTimestamp("at").toInstant(),
                        rs.getLong("read_seq"), 0))
                .list());
        entries.sort(Comparator.comparing(Entry::lastMessageAt).reversed());
        return entries;
    }
}
