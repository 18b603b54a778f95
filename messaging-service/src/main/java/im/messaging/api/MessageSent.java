package im.messaging.api;

import java.time.Instant;

/**
 * A message was stored in a conversation.
 *
 * @param seq       gapless per conversation, from 1
 * @param dedupeKey the key that makes a resend idempotent (client message id, else the gateway's frame id)
 * @param clientMessageId empty when the client gave none
 * @param forwardedFrom   the message id it was forwarded from; empty or null (events stored before forwarding
 *                        existed) when it was not forwarded
 */
public record MessageSent(
        String conversationId,
        String messageId,
        long seq,
        String dedupeKey,
        String clientMessageId,
        String fromUuid,
        String fromUsername,
        String toUuid,
        int messageType,
        int contentType,
        String content,
        String url,
        Instant sentAt,
        String forwardedFrom) {

    /** Whether it was forwarded from another message. */
    public boolean forwarded() {
        return forwardedFrom != null && !forwardedFrom.isEmpty();
    }
}
