package im.messaging.api;

import java.time.Instant;

/**
 * The text of a message was changed by its author. With the original in {@link MessageSent}, the events are the
 * message's edit history.
 *
 * @param toUuid     as in {@link MessageSent}: the other party of a 1:1 conversation, or the group
 * @param editNumber 1 for the first edit of this message
 * @param sentAt     when the message was sent (a participant whose window starts later is not told)
 */
public record MessageEdited(
        String conversationId,
        String messageId,
        long seq,
        String authorUuid,
        String toUuid,
        int messageType,
        String content,
        int editNumber,
        Instant editedAt,
        Instant sentAt) {
}
