package im.messaging.api;

import java.time.Instant;

/**
 * A participant's read position in a conversation moved forward to {@code readSeq} (inclusive).
 *
 * @param peerUuid the other party of a 1:1 conversation; the group for a group conversation
 */
public record ReadPositionMoved(
        String conversationId,
        String readerUuid,
        String peerUuid,
        int messageType,
        long readSeq,
        Instant readAt) {
}
