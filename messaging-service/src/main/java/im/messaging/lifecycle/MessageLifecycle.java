package im.messaging.lifecycle;

import im.messaging.access.ConversationAccess;
import im.messaging.access.ReaderView;
import im.messaging.access.WriteTarget;
import im.messaging.api.DeleteMessageForAll;
import im.messaging.api.EditMessage;
import im.messaging.api.HideMessage;
import im.messaging.api.MarkRead;
import im.messaging.api.MessageRefusedException;
import im.messaging.api.RefusalCode;
import im.messaging.api.SendMessage;
import im.messaging.api.SendResult;
import im.messaging.config.MessagingProperties;
import im.messaging.query.history.HistoryMessage;
import im.messaging.query.history.MessageHistoryProjection;
import im.messaging.query.history.MessageHistoryRepository;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.platform.axon.DomainCommands;
import im.platform.axon.ReadYourWrites;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * What a participant does to stored messages (edit, delete for everyone, delete for me, forward, mark read), for
 * the legacy routes, the v1 API and the socket alike. Each operation finds the message in the history read model as
 * the caller may see it (inside their window, by message id or by the legacy numeric id), sends the command, and
 * waits until the history read model shows the change, so the caller's next read does.
 */
@Component
public class MessageLifecycle {

    private static final String NOT_FOUND = "message doesn't exist";
    /**
     * The dedupe key prefix of a forwarded copy: it starts with a control character, which a client's message id
     * may not hold (the gateway refuses it), so a forward never collides with a client's own message.
     */
    private static final String FORWARD_KEY = "\u001Ffwd:";

    private final CommandGateway commands;
    private final MessageHistoryRepository history;
    private final ConversationAccess access;
    private final KnownUsersRepository users;
    private final ReadYourWrites readYourWrites;
    private final MessagingProperties properties;

    public MessageLifecycle(CommandGateway commands, MessageHistoryRepository history, ConversationAccess access,
                            KnownUsersRepository users, ReadYourWrites readYourWrites,
                            MessagingProperties properties) {
        this.commands = commands;
        this.history = history;
        this.access = access;
        this.users = users;
        this.readYourWrites = readYourWrites;
        this.properties = properties;
    }

    /** One forwarded copy. */
    public record Forwarded(String to, int messageType, String messageId, long seq) {
    }

    /**
     * The message as the reader may see it: in the conversation, inside their window and, unless
     * {@code includeRemoved}, neither deleted for everyone nor hidden by them.
     *
     * @param id the message id, or the legacy numeric id of its history row
     */
    public HistoryMessage message(ReaderView view, String id, boolean includeRemoved) {
        Optional<HistoryMessage> found = isNumber(id)
                ? history.findByRowId(Long.parseLong(id), view.reader())
                : (isId(id) ? history.find(id, view.reader()) : Optional.empty());
        return found
                .filter(message -> message.conversationId().equals(view.conversationId()))
                .filter(message -> view.visibleAfter() == null || message.createdAt().isAfter(view.visibleAfter()))
                .filter(message -> includeRemoved || (!message.deletedForAll() && !message.hiddenByReader()))
                .orElseThrow(() -> new MessageRefusedException(RefusalCode.UNKNOWN_MESSAGE, NOT_FOUND));
    }

    /**
     * Author only, text only, within the edit window, not deleted (the aggregate decides: a message deleted for
     * everyone is {@code message_deleted}, one the caller hid is not found); the same text again changes nothing.
     */
    public HistoryMessage edit(ReaderView view, String id, String content) {
        HistoryMessage message = message(view, id, true);
        if (message.hiddenByReader()) {
            throw new MessageRefusedException(RefusalCode.UNKNOWN_MESSAGE, NOT_FOUND);
        }
        send(new EditMessage(view.conversationId(), message.messageId(), message.seq(), message.fromUuid(),
                message.contentType(), message.createdAt(), message.content(), view.reader(), content));
        awaitHistory();
        return message(view, message.messageId(), true);
    }

    /** The author (within the delete window), or a group moderator; deleting it again changes nothing. */
    public HistoryMessage deleteForEveryone(ReaderView view, String id) {
        HistoryMessage message = message(view, id, true);
        if (!message.deletedForAll()) {
            send(new DeleteMessageForAll(view.conversationId(), message.messageId(), message.seq(),
                    message.fromUuid(), message.createdAt(), view.reader(), view.moderator()));
            awaitHistory();
        }
        return message;
    }

    /** Any participant, for their own view only; hiding it again changes nothing. */
    public HistoryMessage hide(ReaderView view, String id) {
        HistoryMessage message = message(view, id, true);
        if (!message.hiddenByReader()) {
            send(new HideMessage(view.conversationId(), message.messageId(), message.seq(), message.fromUuid(),
                    view.reader()));
            awaitHistory();
        }
        return message;
    }

    /**
     * Forwards a message the reader sees to every target (users or groups, at most {@code forward-max-targets},
     * duplicates counted once): the reader is the sender of each copy, each target gets its own messageType, and
     * the reader must be allowed to write to every target (all are checked before anything is sent). Forwarding
     * the same message to the same target again stores nothing and answers the first copy (its dedupe key is
     * {@link #FORWARD_KEY} + the source's id).
     */
    public List<Forwarded> forward(ReaderView view, String id, List<String> targets) {
        HistoryMessage message = message(view, id, false);
        Set<String> distinct = new LinkedHashSet<>(targets == null ? List.of() : targets);
        if (distinct.isEmpty()) {
            throw new MessageRefusedException(RefusalCode.INVALID_TARGETS, "targets must name at least one user or group");
        }
        if (distinct.size() > properties.forwardMaxTargets()) {
            throw new MessageRefusedException(RefusalCode.INVALID_TARGETS,
                    "at most " + properties.forwardMaxTargets() + " targets");
        }
        long now = System.currentTimeMillis();
        List<SendMessage> copies = new ArrayList<>();
        String username = users.findByUuid(view.reader()).map(KnownUser::username).orElse("");
        for (String target : distinct) {
            int messageType = access.messageTypeOf(target);
            WriteTarget writable = access.requireWriter(view.reader(), messageType, target, now);
            copies.add(new SendMessage(writable.conversationId(), FORWARD_KEY + message.messageId(), "", view.reader(),
                    username, writable.recipient(), messageType, message.contentType(), message.content(), message.url(),
                    message.messageId()));
        }
        List<Forwarded> forwarded = new ArrayList<>();
        for (SendMessage copy : copies) {
            SendResult result = sendAndAnswer(copy);
            forwarded.add(new Forwarded(copy.toUuid(), copy.messageType(), result.messageId(), result.seq()));
        }
        awaitHistory();
        return forwarded;
    }

    /**
     * Moves the reader's read position to at least {@code seq} (capped at the last message).
     *
     * @return the reader's position after it (0 in a conversation without messages)
     */
    public long markRead(ReaderView view, long seq) {
        if (seq < 1) {
            throw new MessageRefusedException(RefusalCode.INVALID_SEQ, "a read position is a seq from 1");
        }
        try {
            Long position = commands.sendAndWait(new MarkRead(view.conversationId(), view.reader(), seq));
            awaitHistory();
            return position == null ? 0 : position;
        } catch (RuntimeException e) {
            if (hasCause(e, AggregateNotFoundException.class)) {
                return 0; // no message yet
            }
            throw DomainCommands.translate(e, NOT_FOUND);
        }
    }

    private void send(Object command) {
        try {
            commands.sendAndWait(command);
        } catch (RuntimeException e) {
            throw DomainCommands.translate(e, NOT_FOUND);
        }
    }

    private SendResult sendAndAnswer(SendMessage command) {
        try {
            return commands.sendAndWait(command);
        } catch (RuntimeException e) {
            throw DomainCommands.translate(e, NOT_FOUND);
        }
    }

    private void awaitHistory() {
        readYourWrites.awaitProjections(MessageHistoryProjection.PROCESSING_GROUP);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String id) {
        return id != null && !id.isEmpty() && id.length() <= 18 && id.chars().allMatch(Character::isDigit);
    }

    private static boolean isId(String id) {
        return id != null && !id.isEmpty() && id.length() <= 64 && id.chars().noneMatch(c -> c < 0x20);
    }
}
