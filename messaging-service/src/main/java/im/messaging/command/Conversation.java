package im.messaging.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import im.messaging.api.ConversationIds;
import im.messaging.api.DeleteMessageForAll;
import im.messaging.api.EditMessage;
import im.messaging.api.HideMessage;
import im.messaging.api.MarkRead;
import im.messaging.api.MessageDeletedForAll;
import im.messaging.api.MessageEdited;
import im.messaging.api.MessageHidden;
import im.messaging.api.MessageRefusedException;
import im.messaging.api.MessageSent;
import im.messaging.api.ReadPositionMoved;
import im.messaging.api.RefusalCode;
import im.messaging.api.SendMessage;
import im.messaging.api.SendResult;
import im.messaging.config.MessagingProperties;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A conversation: 1:1 (id {@code dm:<uuid>|<uuid>}, the pair sorted; messageType 1) or a group's (id
 * {@code grp:<group uuid>}; messageType 2, {@code toUuid} the group). It orders its messages with a gapless
 * {@code seq} from 1 and makes resends idempotent. Who may write to it (recipient known, contacts, group
 * membership) is decided before the command from the read models of other contexts; the aggregate only checks
 * that the command belongs to this conversation.
 *
 * <p>State, which is also the snapshot (serialized field by field with the Jackson 3 event serializer):
 * <ul>
 *   <li>{@code lastSeq}: the seq of the last stored message. It is this aggregate's own counter, not Axon's
 *       sequence number, so it stays gapless when other event types (edits, deletions) join the stream.</li>
 *   <li>{@code recentMessages}: the last {@value #DEDUPE_WINDOW} messages by {@code sender + "\n" + dedupeKey},
 *       in insertion order (a {@link LinkedHashMap}); the oldest is evicted beyond the window. A resend within the
 *       window stores nothing and answers the original message id and seq; the key includes the sender, so two
 *       parties picking the same client message id never collide.</li>
 *   <li>{@code deletedSeqs}: the seqs of messages deleted for everyone (they can be neither edited nor deleted
 *       again); {@code editCounts}: how often each edited message was edited (its next edit number);
 *       {@code readPositions}: each participant's read position. All three hold only what happened, so they stay
 *       small next to the conversation.</li>
 * </ul>
 * Edits and deletions name a message by facts the caller looked up in this service's history read model, which is
 * a projection of these very events (seq, author, content type and time never change once stored); the aggregate
 * checks that the seq is one of its own, and decides with its own state (deleted?) and the rules (author, window).
 *
 * <p>A long conversation is kept in a bounded cache between commands and snapshotted every
 * {@code im.messaging.snapshot-threshold} events (see {@code AxonConfig}), so a command never replays the
 * whole history.
 */
@Aggregate(cache = "conversationCache", snapshotTriggerDefinition = "conversationSnapshotTrigger",
        commandTargetResolver = "conversationTargetResolver")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class Conversation {

    /** How many recent dedupe keys a conversation remembers. */
    public static final int DEDUPE_WINDOW = 1000;

    /** messageType of a 1:1 message. */
    static final int DIRECT = 1;
    /** messageType of a group message. */
    static final int GROUP = 2;
    /** contentType of a text message. */
    static final int TEXT = 1;
    /** contentTypes of a stored file: 2 file, 3 image, 4 audio, 5 video (media-service decides which). */
    static final int FILE = 2;
    static final int VIDEO = 5;
    /** The shape of a name media-service stores files under. */
    private static final java.util.regex.Pattern STORED_NAME =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\\.[a-z0-9]{1,10})?");

    /** A message remembered for deduplication. */
    public record RecentMessage(String messageId, long seq, Instant sentAt) {
    }

    @AggregateIdentifier
    private String conversationId;
    private String participantLow;  // 1:1 only
    private String participantHigh; // 1:1 only
    private long lastSeq;
    private LinkedHashMap<String, RecentMessage> recentMessages = new LinkedHashMap<>();
    private Set<Long> deletedSeqs = new HashSet<>();
    private Map<Long, Integer> editCounts = new HashMap<>();
    private Map<String, Long> readPositions = new HashMap<>();

    protected Conversation() {
        // for Axon and the snapshot serializer
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public SendResult handle(SendMessage command, MessagingProperties properties) {
        requireParticipants(command);
        RecentMessage earlier = recentMessages.get(dedupeKey(command.fromUuid(), command.dedupeKey()));
        if (earlier != null) {
            return new SendResult(earlier.messageId(), earlier.seq(), earlier.sentAt(), true);
        }
        if (command.messageType() != DIRECT && command.messageType() != GROUP) {
            throw new MessageRefusedException(RefusalCode.UNSUPPORTED_MESSAGE_TYPE,
                    "only 1:1 (messageType 1) and group messages (messageType 2) are supported");
        }
        String content;
        if (command.contentType() == TEXT) {
            content = requireValidText(command.content(), properties);
        } else if (command.contentType() >= FILE && command.contentType() <= VIDEO) {
            requireStoredFile(command.url());
            content = requireValidCaption(command.content(), properties);
        } else {
            throw new MessageRefusedException(RefusalCode.UNSUPPORTED_CONTENT_TYPE,
                    "contentType " + command.contentType() + " is not stored (text is 1, files 2 to 5)");
        }
        String messageId = UUID.randomUUID().toString();
        long seq = lastSeq + 1;
        Instant sentAt = Instant.now();
        apply(new MessageSent(command.conversationId(), messageId, seq, command.dedupeKey(),
                nullToEmpty(command.clientMessageId()), command.fromUuid(), nullToEmpty(command.fromUsername()),
                command.toUuid(), command.messageType(), command.contentType(), content,
                nullToEmpty(command.url()), sentAt, nullToEmpty(command.forwardedFrom())));
        return new SendResult(messageId, seq, sentAt, false);
    }

    /** Author only, text only, within {@code im.messaging.edit-window}, not deleted; the same text stores nothing. */
    @CommandHandler
    public void handle(EditMessage command, MessagingProperties properties) {
        requireOwnMessage(command.seq());
        if (!command.editorUuid().equals(command.authorUuid())) {
            throw new MessageRefusedException(RefusalCode.NOT_AUTHOR, "only the author can edit a message");
        }
        if (deletedSeqs.contains(command.seq())) {
            throw new MessageRefusedException(RefusalCode.MESSAGE_DELETED, "the message was deleted");
        }
        if (command.contentType() != TEXT) {
            throw new MessageRefusedException(RefusalCode.NOT_EDITABLE, "only text messages can be edited");
        }
        Instant now = Instant.now();
        if (command.sentAt().plus(properties.editWindow()).isBefore(now)) {
            throw new MessageRefusedException(RefusalCode.EDIT_WINDOW_PASSED,
                    "the message is too old to edit (more than " + properties.editWindow() + ")");
        }
        String content = requireValidText(command.content(), properties);
        if (content.equals(command.currentContent())) {
            return; // allowed, and nothing changes
        }
        apply(new MessageEdited(conversationId, command.messageId(), command.seq(), command.authorUuid(),
                peerOf(command.authorUuid()), messageType(), content,
                editCounts.getOrDefault(command.seq(), 0) + 1, now, command.sentAt()));
    }

    /**
     * The author within {@code im.messaging.delete-window}, or a group's admin or owner at any time. Deleting a
     * deleted message changes nothing (no event).
     */
    @CommandHandler
    public void handle(DeleteMessageForAll command, MessagingProperties properties) {
        requireOwnMessage(command.seq());
        if (deletedSeqs.contains(command.seq())) {
            return;
        }
        boolean author = command.requesterUuid().equals(command.authorUuid());
        boolean groupAdmin = command.requesterGroupAdmin() && messageType() == GROUP;
        if (!author && !groupAdmin) {
            throw new MessageRefusedException(RefusalCode.NOT_AUTHOR,
                    "only the author (or a group admin) can delete a message for everyone");
        }
        Instant now = Instant.now();
        if (!groupAdmin && command.sentAt().plus(properties.deleteWindow()).isBefore(now)) {
            throw new MessageRefusedException(RefusalCode.DELETE_WINDOW_PASSED,
                    "the message is too old to delete for everyone (more than " + properties.deleteWindow() + ")");
        }
        apply(new MessageDeletedForAll(conversationId, command.messageId(), command.seq(), command.authorUuid(),
                peerOf(command.authorUuid()), messageType(), command.requesterUuid(), now, command.sentAt()));
    }

    /** Any participant, for their own view; the caller checked they may read the message. */
    @CommandHandler
    public void handle(HideMessage command) {
        requireOwnMessage(command.seq());
        apply(new MessageHidden(conversationId, command.messageId(), command.seq(), command.authorUuid(),
                peerOf(command.authorUuid()), messageType(), command.userUuid(), Instant.now()));
    }

    /**
     * Moves the reader's position forward, capped at the last message.
     *
     * @return the reader's position after the command
     */
    @CommandHandler
    public long handle(MarkRead command) {
        if (command.seq() < 1) {
            throw new MessageRefusedException(RefusalCode.INVALID_SEQ, "a read position is a seq from 1");
        }
        long current = readPositions.getOrDefault(command.readerUuid(), 0L);
        long target = Math.min(command.seq(), lastSeq);
        if (target <= current) {
            return current;
        }
        apply(new ReadPositionMoved(conversationId, command.readerUuid(), peerOf(command.readerUuid()),
                messageType(), target, Instant.now()));
        return target;
    }

    private void requireOwnMessage(long seq) {
        if (seq < 1 || seq > lastSeq) {
            throw new MessageRefusedException(RefusalCode.UNKNOWN_MESSAGE, "message doesn't exist");
        }
    }

    /** The other party of a 1:1 conversation (seen from {@code user}), or the group. */
    private String peerOf(String user) {
        if (messageType() == GROUP) {
            return ConversationIds.groupOf(conversationId);
        }
        return user.equals(participantLow) ? participantHigh : participantLow;
    }

    private int messageType() {
        return ConversationIds.isGroup(conversationId) ? GROUP : DIRECT;
    }

    /** A file message names the file media-service stored for it (the gateway sets it; a client never does). */
    private static void requireStoredFile(String url) {
        if (url == null || !STORED_NAME.matcher(url).matches()) {
            throw new MessageRefusedException(RefusalCode.MISSING_FILE, "a file message needs its stored file");
        }
    }

    /** The caption of a file message: may be empty, else the rules of a text. */
    private static String requireValidCaption(String text, MessagingProperties properties) {
        return text == null || text.isEmpty() ? "" : requireValidText(text, properties);
    }

    private static String requireValidText(String text, MessagingProperties properties) {
        String content = text == null ? "" : text;
        if (hasControlCharacter(content)) {
            throw new MessageRefusedException(RefusalCode.INVALID_TEXT,
                    "the message text contains a control character");
        }
        if (content.isBlank()) {
            throw new MessageRefusedException(RefusalCode.EMPTY_TEXT, "the message text is empty");
        }
        if (content.codePointCount(0, content.length()) > properties.maxTextLength()) {
            throw new MessageRefusedException(RefusalCode.TEXT_TOO_LONG,
                    "the message text is longer than " + properties.maxTextLength() + " characters");
        }
        return content;
    }

    private void requireParticipants(SendMessage command) {
        String from = command.fromUuid();
        String to = command.toUuid();
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw notParticipant(command);
        }
        if (command.messageType() == GROUP) {
            if (!ConversationIds.group(to).equals(command.conversationId())) {
                throw notParticipant(command);
            }
        } else if (!ConversationIds.direct(from, to).equals(command.conversationId())
                || (participantLow != null
                && !ConversationIds.pairKey(from, to).equals(ConversationIds.pairKey(participantLow, participantHigh)))) {
            throw notParticipant(command);
        }
        if (command.dedupeKey() == null || command.dedupeKey().isEmpty()) {
            throw new IllegalArgumentException("a SendMessage needs a dedupe key");
        }
    }

    private static MessageRefusedException notParticipant(SendMessage command) {
        return new MessageRefusedException(RefusalCode.NOT_PARTICIPANT, command.messageType() == GROUP
                ? "the message is not addressed to this group conversation"
                : "sender and recipient are not the parties of this conversation");
    }

    @EventSourcingHandler
    void on(MessageSent event) {
        if (conversationId == null) {
            conversationId = event.conversationId();
        }
        if (participantLow == null && event.messageType() == DIRECT) {
            boolean fromFirst = event.fromUuid().compareTo(event.toUuid()) <= 0;
            participantLow = fromFirst ? event.fromUuid() : event.toUuid();
            participantHigh = fromFirst ? event.toUuid() : event.fromUuid();
        }
        lastSeq = event.seq();
        recentMessages.put(dedupeKey(event.fromUuid(), event.dedupeKey()),
                new RecentMessage(event.messageId(), event.seq(), event.sentAt()));
        Iterator<String> oldestFirst = recentMessages.keySet().iterator();
        while (recentMessages.size() > DEDUPE_WINDOW && oldestFirst.hasNext()) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    @EventSourcingHandler
    void on(MessageEdited event) {
        editCounts.put(event.seq(), event.editNumber());
    }

    @EventSourcingHandler
    void on(MessageDeletedForAll event) {
        deletedSeqs.add(event.seq());
        editCounts.remove(event.seq());
    }

    @EventSourcingHandler
    void on(ReadPositionMoved event) {
        readPositions.put(event.readerUuid(), event.readSeq());
    }

    /**
     * Whether the text holds a C0 control character other than tab, line feed and carriage return. U+0000 in
     * particular cannot be stored in a PostgreSQL text column; the others have no place in a chat message.
     */
    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    private static String dedupeKey(String fromUuid, String key) {
        return fromUuid + "\n" + key;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    String conversationId() {
        return conversationId;
    }

    long lastSeq() {
        return lastSeq;
    }

    int rememberedMessages() {
        return recentMessages.size();
    }

    long readPosition(String reader) {
        return readPositions.getOrDefault(reader, 0L);
    }
}
