package im.messaging.api;

import java.time.Instant;

/** A participant deleted a message for themself only; the other participants still see it. */
public record MessageHidden(
        String conversationId,
        String messageId,
        long seq,
        String authorUuid,
        String toUuid,
        int messageType,
        String userUuid,
        Instant hiddenAt) {
}
