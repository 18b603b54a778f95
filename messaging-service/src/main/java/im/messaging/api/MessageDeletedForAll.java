package im.messaging.api;

import java.time.Instant;

/**
 * A message was deleted for every participant, by its author or (in a group) an admin or the owner. Read models drop
 * its content; its {@code seq} stays taken (a tombstone), so the sequence has no gap. {@code sentAt}: when the
 * message was sent (a participant whose window starts later is not told).
 */
public record MessageDeletedForAll(
        String conversationId,
        String messageId,
        long seq,
        String authorUuid,
        String toUuid,
        int messageType,
        String deletedByUuid,
        Instant deletedAt,
        Instant sentAt) {
}
