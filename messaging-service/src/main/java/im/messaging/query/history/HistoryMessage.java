package im.messaging.query.history;

import java.time.Instant;

/** A row of {@code messages}. */
public record HistoryMessage(
        long id,
        String messageId,
        String conversationId,
        long seq,
        String fromUuid,
        String fromUsername,
        String toUuid,
        int messageType,
        int contentType,
        String content,
        String url,
        Instant createdAt) {
}
